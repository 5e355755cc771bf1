import "server-only";
import { limitAddress } from "@/lib/api/rate-limit";
import { ApiProblem, errorResponse } from "@/lib/api/http";
import { portalLink } from "@/lib/notify/mail";
import { lookUp, mattermostAnswer, slackAnswer, verifyMattermost, verifySlack, type Verdict } from "./chat";

// The HTTP side of the chat command (lib/alerts/chat.ts): a form-encoded post, checked
// (signature or token) before anything is looked up, answered within Slack's 3 seconds.

const MAX_BODY = 64 * 1024;
/** Slack gives up after 3 s: what is not found by then is a link to search instead. */
const ANSWER_WITHIN_MS = 2_500;

async function readForm(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_BODY) throw new ApiProblem({ title: "Too large", status: 413, detail: "A chat command is a few words." });
  const text = await request.text();
  if (text.length > MAX_BODY) throw new ApiProblem({ title: "Too large", status: 413, detail: "A chat command is a few words." });
  return text;
}

function refused(verdict: Exclude<Verdict, { ok: true }>) {
  return new ApiProblem({ title: verdict.status === 404 ? "Not set up" : "Not signed", status: verdict.status, detail: verdict.reason });
}

async function answer(question: string, shape: (result: Awaited<ReturnType<typeof lookUp>>) => object) {
  const late = new Promise<null>((done) => setTimeout(() => done(null), ANSWER_WITHIN_MS).unref());
  const result = await Promise.race([lookUp(question), late]);
  if (result) return Response.json(shape(result));
  return Response.json({ response_type: "ephemeral", text: `The portal is busy; search it instead: ${portalLink(`/search?q=${encodeURIComponent(question.trim().slice(0, 200))}`)}` });
}

export async function slackCommand(request: Request): Promise<Response> {
  try {
    await limitAddress(request);
    const raw = await readForm(request);
    const verdict = verifySlack(request.headers, raw);
    if (!verdict.ok) throw refused(verdict);
    return await answer(new URLSearchParams(raw).get("text") ?? "", slackAnswer);
  } catch (error) {
    return errorResponse(error);
  }
}

export async function mattermostCommand(request: Request): Promise<Response> {
  try {
    await limitAddress(request);
    const form = new URLSearchParams(await readForm(request));
    const verdict = verifyMattermost(form.get("token") ?? "");
    if (!verdict.ok) throw refused(verdict);
    return await answer(form.get("text") ?? "", mattermostAnswer);
  } catch (error) {
    return errorResponse(error);
  }
}

import "server-only";
import { apiCaller } from "@/lib/api/auth";
import { getSystemOverview } from "@/lib/data/systems";
import { failureModeIdsForAlert, getFailureModeRunbooks } from "@/lib/data/failure-modes";
import { getProcedureRunbook } from "@/lib/data/procedures";
import { portalAddressFrom } from "@/lib/http/portal-address";
import { alertNameQuery } from "@/lib/validation/failure-mode";
import { alertMarkdown, failureModeMarkdown, inlineCode, overviewMarkdown, procedureMarkdown } from "./as-markdown";

// The runbook pages as Markdown (app/markdown, reached through proxy.ts when a request asks
// for text/markdown or ?format=md). Signed in like the API: the session cookie, or a
// personal access token as "Authorization: Bearer", so curl on a jump host reads the fix.

const HEADERS = { "Content-Type": "text/markdown; charset=utf-8", "Cache-Control": "private, no-store", Vary: "Accept" };

function markdownResponse(text: string, status = 200): Response {
  return new Response(text, { status, headers: HEADERS });
}

function notFound(what: string): Response {
  return markdownResponse(`# Not found\n\n${what}\n`, 404);
}

/** The failure modes that list `alert` as Markdown (404 with a search link when none does). */
export async function alertAsMarkdown(request: Request, alert: string): Promise<Response> {
  const base = portalAddressFrom(request.headers);
  const name = alertNameQuery.safeParse(alert);
  const modes = name.success ? await getFailureModeRunbooks(await failureModeIdsForAlert(name.data)) : [];
  if (!name.success || modes.length === 0) {
    return notFound(`No failure mode lists the alert ${inlineCode(alert.slice(0, 200))}. Search for it: <${base}/search?q=${encodeURIComponent(alert.slice(0, 200))}>`);
  }
  return markdownResponse(alertMarkdown(name.data, modes, { base }));
}

export async function markdownAnswer(request: Request, kind: string, ref: string): Promise<Response> {
  await apiCaller(request);
  const links = { base: portalAddressFrom(request.headers) };
  switch (kind) {
    case "systems": {
      const system = await getSystemOverview(ref);
      return system ? markdownResponse(overviewMarkdown(system, links)) : notFound(`No system has the address ${inlineCode(ref.slice(0, 100))}.`);
    }
    case "failure-modes": {
      const [fm] = await getFailureModeRunbooks([ref]);
      return fm ? markdownResponse(failureModeMarkdown(fm, links)) : notFound("No failure mode has this id.");
    }
    case "procedures": {
      const procedure = await getProcedureRunbook(ref);
      return procedure ? markdownResponse(procedureMarkdown(procedure, links)) : notFound("No procedure has this id.");
    }
    case "alerts":
      return alertAsMarkdown(request, ref);
    default:
      return notFound("Only systems, failure modes, procedures and alerts have a Markdown form.");
  }
}

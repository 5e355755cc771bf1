import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { failureModeIdsForAlert } from "@/lib/data/failure-modes";
import { matchingIds } from "@/lib/search";
import { portalLink } from "@/lib/notify/mail";
import { markdownText, slackText } from "@/lib/notify/channels";
import { alertNameQuery } from "@/lib/validation/failure-mode";
import type { Severity } from "@/lib/generated/prisma/enums";

// `/runbook <alert name or words>` from chat (README, "Live alerts"): Slack's slash commands
// (each request signed with the app's signing secret: v0 HMAC-SHA256 over
// "v0:<timestamp>:<body>", a timestamp older than 5 minutes refused) and Mattermost's (a
// token per command). Configured by the portal's admins through RUNBOOK_SLACK_SIGNING_SECRET
// and RUNBOOK_MATTERMOST_COMMAND_TOKENS. The answer is the failure mode itself: severity,
// impact, the first immediate actions, the commands of its procedure, and the link.

const MAX_SKEW_SECONDS = 5 * 60;
const SHOWN_ACTIONS = 3;
const SHOWN_COMMANDS = 3;
const LISTED = 5;

export type Verdict = { ok: true } | { ok: false; status: 401 | 404; reason: string };

/** Whether a Slack request is signed with this portal's signing secret, and fresh. */
export function verifySlack(headers: Headers, rawBody: string, now = Date.now(), secret = process.env.RUNBOOK_SLACK_SIGNING_SECRET): Verdict {
  if (!secret) return { ok: false, status: 404, reason: "Slack commands are not set up: RUNBOOK_SLACK_SIGNING_SECRET is not set." };
  const timestamp = headers.get("x-slack-request-timestamp") ?? "";
  const signature = headers.get("x-slack-signature") ?? "";
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, status: 401, reason: "No request timestamp." };
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, status: 401, reason: "The request is older than 5 minutes (or the clocks disagree)." };
  const expected = Buffer.from(`v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`);
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, status: 401, reason: "The signature does not match." };
  return { ok: true };
}

/** Whether a Mattermost request carries one of the configured command tokens. */
export function verifyMattermost(token: string, tokens = process.env.RUNBOOK_MATTERMOST_COMMAND_TOKENS): Verdict {
  const known = (tokens ?? "").split(",").map((t) => t.trim()).filter(Boolean);
  if (!known.length) return { ok: false, status: 404, reason: "Mattermost commands are not set up: RUNBOOK_MATTERMOST_COMMAND_TOKENS is not set." };
  const given = Buffer.from(token);
  const match = known.some((candidate) => {
    const expected = Buffer.from(candidate);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return match ? { ok: true } : { ok: false, status: 401, reason: "Unknown command token." };
}

type Found = {
  id: string;
  title: string;
  severity: Severity;
  customerImpact: string;
  immediateActions: string[];
  system: { name: string };
  commands: string[];
};

/** The failure modes a chat question means: its alert name exactly (any case), else a search. */
export async function lookUp(question: string): Promise<{ query: string; found: Found[]; byAlert: boolean }> {
  const query = question.trim().slice(0, 200);
  if (!query) return { query, found: [], byAlert: false };
  const alert = alertNameQuery.safeParse(query);
  let ids = alert.success ? await failureModeIdsForAlert(alert.data) : [];
  const byAlert = ids.length > 0;
  if (!byAlert) ids = (await matchingIds("FAILURE_MODE", query, LISTED + 1)).slice(0, LISTED + 1);
  if (!ids.length) return { query, found: [], byAlert };
  const rows = await db.failureMode.findMany({
    where: { id: { in: ids }, deletedAt: null, system: { deletedAt: null } },
    select: {
      id: true,
      title: true,
      severity: true,
      customerImpact: true,
      immediateActions: true,
      system: { select: { name: true } },
      procedures: { where: { deletedAt: null }, orderBy: { title: "asc" }, select: { steps: true } },
    },
  });
  const order = new Map(ids.map((id, index) => [id, index]));
  const found = rows
    .sort((a, b) => (byAlert ? a.severity.localeCompare(b.severity) : order.get(a.id)! - order.get(b.id)!))
    .map(({ procedures, ...fm }) => ({
      ...fm,
      commands: procedures.flatMap((p) => (p.steps as { command?: string }[]).map((step) => step.command ?? "").filter(Boolean)).slice(0, SHOWN_COMMANDS),
    }));
  return { query, found, byAlert };
}

const SEVERITY_WORDS: Record<Severity, string> = { SEV1: "SEV1", SEV2: "SEV2", SEV3: "SEV3", SEV4: "SEV4", UNKNOWN: "SEV?" };

/** The answer as Markdown-ish lines: `format` escapes text for the chat's dialect. */
function answerLines(result: Awaited<ReturnType<typeof lookUp>>, format: (text: string) => string, link: (url: string, label: string) => string, bold: (text: string) => string) {
  const { query, found } = result;
  if (!query) return ["Ask for an alert or a few words: `/runbook InvoiceParserTimeout` or `/runbook invoices stuck`."];
  if (!found.length) {
    return [`No runbook for “${format(query)}”.`, link(portalLink(`/search?q=${encodeURIComponent(query)}`), "Search the portal")];
  }
  if (found.length > 1) {
    const shown = found.slice(0, LISTED);
    return [
      `${found.length > LISTED ? `More than ${LISTED}` : found.length} runbooks for “${format(query)}”:`,
      ...shown.map((fm) => `• ${SEVERITY_WORDS[fm.severity]} ${link(portalLink(`/failure-modes/${fm.id}`), fm.title)} (${format(fm.system.name)})`),
      ...(found.length > LISTED ? [link(portalLink(`/search?q=${encodeURIComponent(query)}`), "All results")] : []),
    ];
  }
  const fm = found[0]!;
  return [
    `${bold(`${SEVERITY_WORDS[fm.severity]} ${format(fm.title)}`)} · ${format(fm.system.name)}`,
    ...(fm.customerImpact ? [`${bold("Impact:")} ${format(fm.customerImpact.split("\n")[0]!)}`] : []),
    ...(fm.immediateActions.length ? [bold("Do first:"), ...fm.immediateActions.slice(0, SHOWN_ACTIONS).map((action, i) => `${i + 1}. ${format(action)}`)] : []),
    ...(fm.commands.length ? [bold("Commands:"), ...fm.commands.map((command) => "```\n" + command.replace(/```/g, "ʼʼʼ") + "\n```")] : []),
    link(portalLink(`/failure-modes/${fm.id}`), "The whole runbook"),
  ];
}

/** Slack's answer: ephemeral (only the asker sees it), text plus one section block. */
export function slackAnswer(result: Awaited<ReturnType<typeof lookUp>>) {
  const text = answerLines(result, slackText, (url, label) => `<${url}|${slackText(label)}>`, (t) => `*${t}*`).join("\n");
  return { response_type: "ephemeral", text, blocks: [{ type: "section", text: { type: "mrkdwn", text: text.slice(0, 3000) } }] };
}

/** Mattermost's answer: ephemeral Markdown. */
export function mattermostAnswer(result: Awaited<ReturnType<typeof lookUp>>) {
  return { response_type: "ephemeral", text: answerLines(result, markdownText, (url, label) => `[${markdownText(label)}](${url})`, (t) => `**${t}**`).join("\n") };
}

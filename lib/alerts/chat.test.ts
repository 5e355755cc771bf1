import { createHmac } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { loadDemo } from "@/lib/demo/load";
import { POST as slackRoute } from "@/app/api/chat/slack/route";
import { POST as mattermostRoute } from "@/app/api/chat/mattermost/route";
import { verifyMattermost, verifySlack } from "./chat";

// The /runbook chat command through its real route handlers, on the demo runbooks: Slack's
// signed requests and Mattermost's tokens checked first, then the answer.

const database = await ownDatabase("chat");
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

beforeAll(async () => {
  await loadDemo();
  process.env.RUNBOOK_SLACK_SIGNING_SECRET = SECRET;
  process.env.RUNBOOK_MATTERMOST_COMMAND_TOKENS = "xr3j5x3p4pfjpfhtr7fbeih9ch, second-command-token";
  process.env.NEXTAUTH_URL = "https://runbooks.example.com";
});

afterAll(async () => {
  delete process.env.RUNBOOK_SLACK_SIGNING_SECRET;
  delete process.env.RUNBOOK_MATTERMOST_COMMAND_TOKENS;
  await db.$disconnect();
  await database.drop();
});

const slackBody = (text: string) => new URLSearchParams({ token: "deprecated", team_id: "T1", channel_id: "C1", user_name: "olu", command: "/runbook", text, response_url: "https://hooks.slack.com/commands/1/2/3" }).toString();

function signed(body: string, at = Math.floor(Date.now() / 1000), secret = SECRET) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${at}:${body}`).digest("hex")}`;
  return new Headers({ "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(at), "x-slack-signature": signature });
}

async function askSlack(text: string, headers?: Headers) {
  const body = slackBody(text);
  const response = await slackRoute(new Request("http://portal.test/api/chat/slack", { method: "POST", headers: headers ?? signed(body), body }));
  return { status: response.status, body: (await response.json()) as { response_type?: string; text?: string; blocks?: { type: string; text: { type: string; text: string } }[]; title?: string } };
}

test("Slack's signature: a valid one passes; a stale, forged or missing one does not; without a secret the command is not set up", () => {
  const body = slackBody("InvoiceParserTimeout");
  const now = Date.now();
  expect(verifySlack(signed(body, Math.floor(now / 1000)), body, now)).toEqual({ ok: true });
  expect(verifySlack(signed(body, Math.floor(now / 1000) - 301), body, now)).toMatchObject({ ok: false, status: 401, reason: "The request is older than 5 minutes (or the clocks disagree)." });
  expect(verifySlack(signed(body, Math.floor(now / 1000), "another secret"), body, now)).toMatchObject({ ok: false, status: 401, reason: "The signature does not match." });
  expect(verifySlack(signed(body), `${body}&text=tampered`, now)).toMatchObject({ ok: false, status: 401 });
  expect(verifySlack(new Headers(), body, now)).toMatchObject({ ok: false, status: 401 });
  expect(verifySlack(signed(body), body, now, "")).toMatchObject({ ok: false, status: 404 });
});

test("Mattermost's token: any configured one passes, others do not", () => {
  expect(verifyMattermost("second-command-token")).toEqual({ ok: true });
  expect(verifyMattermost("xr3j5x3p4pfjpfhtr7fbeih9ch")).toEqual({ ok: true });
  expect(verifyMattermost("guess")).toMatchObject({ ok: false, status: 401 });
  expect(verifyMattermost("")).toMatchObject({ ok: false, status: 401 });
  expect(verifyMattermost("x", "")).toMatchObject({ ok: false, status: 404 });
});

test("/runbook <alert> in Slack answers with the failure mode: severity, impact, what to do first, the commands and the link", async () => {
  const fm = await db.failureMode.findFirstOrThrow({ where: { alertNames: { has: "InvoiceParserTimeout" } } });
  const { status, body } = await askSlack("invoiceparsertimeout");
  expect(status).toBe(200);
  expect(body.response_type).toBe("ephemeral");
  const text = body.text!;
  expect(text.split("\n")[0]).toBe("*SEV2 Lambda timeout* · Invoice processing pipeline");
  expect(text).toContain("*Impact:* Invoices look received but never appear.");
  expect(text).toContain("*Do first:*\n1. Check logs in `/aws/lambda/invoice-parser`.");
  expect(text).toContain("*Commands:*\n```\naws sqs get-queue-attributes");
  expect(text).toContain(`<https://runbooks.example.com/failure-modes/${fm.id}|The whole runbook>`);
  expect(body.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text } }]);
});

test("words list the runbooks they find; nothing found offers a search; an empty question says how to ask", async () => {
  const several = (await askSlack("invoice")).body.text!;
  expect(several).toMatch(/^\d runbooks for “invoice”:/);
  expect(several).toContain("Lambda timeout");
  const none = (await askSlack("quantum flux capacitor")).body.text!;
  expect(none).toBe("No runbook for “quantum flux capacitor”.\n<https://runbooks.example.com/search?q=quantum%20flux%20capacitor|Search the portal>");
  expect((await askSlack("   ")).body.text).toContain("/runbook InvoiceParserTimeout");
});

test("a forged or stale Slack request is refused before anything is looked up", async () => {
  const body = slackBody("InvoiceParserTimeout");
  const forged = await askSlack("InvoiceParserTimeout", signed(body, Math.floor(Date.now() / 1000), "not the secret"));
  expect(forged.status).toBe(401);
  expect(forged.body.text).toBeUndefined();
  const stale = await askSlack("InvoiceParserTimeout", signed(body, Math.floor(Date.now() / 1000) - 600));
  expect(stale.status).toBe(401);
});

test("Mattermost: the command's token, then the same answer in Markdown", async () => {
  const ask = async (token: string, text: string) => {
    const response = await mattermostRoute(
      new Request("http://portal.test/api/chat/mattermost", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token, text, command: "/runbook", user_name: "olu" }).toString() }),
    );
    return { status: response.status, body: (await response.json()) as { response_type?: string; text?: string } };
  };
  const answer = await ask("second-command-token", "InvoiceParserTimeout");
  expect(answer.status).toBe(200);
  expect(answer.body.response_type).toBe("ephemeral");
  expect(answer.body.text!.split("\n")[0]).toBe("**SEV2 Lambda timeout** · Invoice processing pipeline");
  expect(answer.body.text).toMatch(/\[The whole runbook\]\(https:\/\/runbooks\.example\.com\/failure-modes\/\w+\)$/);
  expect((await ask("wrong", "InvoiceParserTimeout")).status).toBe(401);
});

import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { Webhook } from "standardwebhooks";
import { makeWorkerUtils, runOnce } from "graphile-worker";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { UserActor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { finishRun, startRun } from "@/lib/runs/runs";
import { quietLogger } from "@/lib/jobs/queue";
import { taskList } from "@/lib/jobs/tasks";
import { createDestination, dropPreviousSecret, rotateSecret, sendTest } from "./destinations";
import { queueDigests } from "./digest";

// Chat and webhook destinations, posted to by the real job runner, received by a real HTTP
// server on 127.0.0.1 that checks generic webhooks' signatures with the standardwebhooks
// package (the spec's reference library) and each chat payload against its documented shape.

const database = await ownDatabase("destinations");

type Received = { path: string; headers: IncomingMessage["headers"]; body: string; verified: boolean | null };
const received: Received[] = [];
/** What each path answers: a status, or a list of statuses taken in turn. */
const answers = new Map<string, number[]>();
/** The secret each webhook path knows (a receiver verifying with it answers 401 when it fails). */
const receiverSecrets = new Map<string, string>();

const receiver = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const path = request.url!;
    let verified: boolean | null = null;
    const secret = receiverSecrets.get(path);
    if (secret) {
      try {
        new Webhook(secret).verify(body, request.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
    }
    received.push({ path, headers: request.headers, body, verified });
    const queue = answers.get(path) ?? [200];
    const status = verified === false ? 401 : queue.length > 1 ? queue.shift()! : queue[0]!;
    response.writeHead(status, { "Content-Type": "text/plain" }).end(status >= 400 ? `answered ${status}` : "ok");
  });
});

let base = "";
let admin: UserActor;
let payments: { id: string };
let procedureId: string;

async function runJobs() {
  const before = received.length;
  await runOnce({ connectionString: database.url, taskList, logger: quietLogger });
  return received.slice(before);
}

// The documented shapes, as far as the portal uses them.
// Slack: https://api.slack.com/messaging/webhooks (text, and Block Kit blocks).
const slackShape = z.strictObject({
  text: z.string().min(1),
  blocks: z.array(
    z.union([
      z.strictObject({ type: z.literal("section"), text: z.strictObject({ type: z.literal("mrkdwn"), text: z.string().min(1).max(3000) }) }),
      z.strictObject({
        type: z.literal("actions"),
        elements: z.array(z.strictObject({ type: z.literal("button"), text: z.strictObject({ type: z.literal("plain_text"), text: z.string().min(1).max(75) }), url: z.url() })).min(1).max(25),
      }),
    ]),
  ).min(1).max(50),
});
// Mattermost: https://developers.mattermost.com/integrate/webhooks/incoming/ (text in Markdown; username optional).
const mattermostShape = z.strictObject({ text: z.string().min(1), username: z.string().optional() });
// Microsoft Teams workflows: a message whose attachment is an Adaptive Card (schema 1.4 or lower).
const teamsShape = z.strictObject({
  type: z.literal("message"),
  attachments: z.array(
    z.strictObject({
      contentType: z.literal("application/vnd.microsoft.card.adaptive"),
      contentUrl: z.null(),
      content: z.strictObject({
        $schema: z.literal("http://adaptivecards.io/schemas/adaptive-card.json"),
        type: z.literal("AdaptiveCard"),
        version: z.enum(["1.0", "1.1", "1.2", "1.3", "1.4"]),
        body: z.array(z.object({ type: z.literal("TextBlock"), text: z.string().min(1), wrap: z.literal(true) })).min(1),
        actions: z.array(z.strictObject({ type: z.literal("Action.OpenUrl"), title: z.string().min(1), url: z.url() })),
      }),
    }),
  ).length(1),
});

beforeAll(async () => {
  await new Promise<void>((done) => receiver.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  process.env.NEXTAUTH_URL = "https://runbooks.example.com";
  process.env.NEXTAUTH_SECRET = "a secret for these tests only";
  delete process.env.RUNBOOK_SMTP_URL;
  const user = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "ADMIN", passwordHash: "x" } });
  admin = { id: user.id, name: user.name, role: "ADMIN" };
  payments = await saveEntry(admin, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: "Payments", kind: "TEAM" }), { changeNote: "new", incidentRef: null });
  const system = await saveEntry(admin, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "ledger", name: "Ledger", tier: "TIER_1", ownerId: payments.id }), { changeNote: "new", incidentRef: null });
  const procedure = await saveEntry(admin, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Fail over", steps: [{ instruction: "Promote the replica" }] }), { changeNote: "new", incidentRef: null });
  procedureId = procedure.id;
});

afterAll(async () => {
  await new Promise<void>((done) => receiver.close(() => done()));
  await db.$disconnect();
  await database.drop();
});

test("an incident run started and ended is posted at once to its team's Slack, Mattermost and Teams, in their documented shapes, and a signed webhook; not to another team's", async () => {
  const events = ["run" as const];
  await createDestination(admin, { name: "#payments", kind: "SLACK", url: `${base}/slack`, teamId: payments.id, events });
  await createDestination(admin, { name: "~payments", kind: "MATTERMOST", url: `${base}/mattermost`, teamId: payments.id, events });
  await createDestination(admin, { name: "Payments channel", kind: "TEAMS", url: `${base}/teams`, teamId: null, events });
  const hook = await createDestination(admin, { name: "Incident bot", kind: "WEBHOOK", url: `${base}/hook`, teamId: payments.id, events });
  receiverSecrets.set("/hook", hook.secret!);
  const other = await saveEntry(admin, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: "Search", kind: "TEAM" }), { changeNote: "new", incidentRef: null });
  await createDestination(admin, { name: "#search", kind: "SLACK", url: `${base}/other-team`, teamId: other.id, events });

  // Stored encrypted: neither the address nor the secret is readable in the database.
  const row = await db.destination.findUniqueOrThrow({ where: { id: hook.id } });
  expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  expect(JSON.stringify(row)).not.toContain("/hook");
  expect(JSON.stringify(row)).not.toContain(hook.secret!.slice(6, 20));
  expect(row.urlHint).toBe("http://127.0.0.1:" + base.split(":").at(-1) + "/…");

  const runId = await startRun(admin, procedureId, { kind: "INCIDENT", incidentRef: "INC-42" });
  const started = await runJobs();
  expect(started.map((r) => r.path).sort()).toEqual(["/hook", "/mattermost", "/slack", "/teams"]);
  const at = (path: string) => JSON.parse(started.find((r) => r.path === path)!.body);
  const slack = slackShape.parse(at("/slack"));
  expect(slack.text).toBe(`INC-42: Ada started “Fail over” on Ledger: https://runbooks.example.com/runs/${runId}`);
  expect(slack.blocks[1]).toMatchObject({ elements: [{ url: `https://runbooks.example.com/runs/${runId}` }] });
  expect(mattermostShape.parse(at("/mattermost")).text).toContain(`[Open the run](https://runbooks.example.com/runs/${runId})`);
  const card = teamsShape.parse(at("/teams")).attachments[0]!.content;
  expect(card.body[0]!.text).toBe("INC-42: Ada started “Fail over” on Ledger");
  const signed = started.find((r) => r.path === "/hook")!;
  expect(signed.verified).toBe(true);
  expect(signed.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
  expect(at("/hook")).toMatchObject({ type: "incident_run.started", data: { runId, incidentRef: "INC-42", system: { slug: "ledger", name: "Ledger" } } });

  await finishRun(admin, runId, "RESOLVED", "Replica promoted");
  const ended = await runJobs();
  expect(ended.map((r) => r.path).sort()).toEqual(["/hook", "/mattermost", "/slack", "/teams"]);
  expect(JSON.parse(ended.find((r) => r.path === "/hook")!.body)).toMatchObject({ type: "incident_run.ended", data: { status: "RESOLVED" } });
  expect(await db.delivery.count({ where: { status: "SENT" } })).toBe(8);
  // A drill is nobody's incident: nothing posted.
  await startRun(admin, procedureId, { kind: "DRILL", incidentRef: null });
  expect(await runJobs()).toEqual([]);
});

test("a signing secret rotated: both secrets sign until the old one is dropped, so receivers switch over without losing a message", async () => {
  const hook = await db.destination.findFirstOrThrow({ where: { name: "Incident bot" } });
  const old = receiverSecrets.get("/hook")!;
  const fresh = await rotateSecret(admin, hook.id);
  expect(fresh).not.toBe(old);
  const test1 = await sendTest(admin, hook.id);
  expect(test1.status).toBe("SENT");
  const [withOld] = received.slice(-1);
  expect(withOld!.headers["webhook-signature"]).toMatch(/^v1,\S+ v1,\S+$/);
  expect(withOld!.verified).toBe(true);
  // A receiver that already knows only the new secret verifies too.
  new Webhook(fresh).verify(withOld!.body, withOld!.headers as Record<string, string>);

  await dropPreviousSecret(admin, hook.id);
  const test2 = await sendTest(admin, hook.id);
  // This receiver still checks with the old secret: refused, and said so in the log.
  expect(test2).toMatchObject({ status: "GAVE_UP", httpStatus: 401 });
  const log = await db.delivery.findFirstOrThrow({ where: { destinationId: hook.id }, orderBy: { createdAt: "desc" } });
  expect(log).toMatchObject({ event: "test", status: "GAVE_UP", httpStatus: 401, reason: "The receiver answered 401: answered 401 (not tried again: fix the destination)" });
  receiverSecrets.set("/hook", fresh);
  expect((await sendTest(admin, hook.id)).status).toBe("SENT");
});

test("a receiver answering 500 is tried again later with back-off, and the log shows each attempt", async () => {
  answers.set("/flaky", [500, 500, 200]);
  const flaky = await createDestination(admin, { name: "Flaky", kind: "MATTERMOST", url: `${base}/flaky`, teamId: null, events: ["run"] });
  await startRun(admin, procedureId, { kind: "INCIDENT", incidentRef: "INC-43" });
  const utils = await makeWorkerUtils({ connectionString: database.url, logger: quietLogger });
  try {
    // The only post left waiting is the flaky one's: the others were delivered.
    const due = async () => {
      const jobs = await db.$queryRaw<{ id: string; attempts: number; wait: number }[]>`
        SELECT id::text, attempts, extract(epoch FROM run_at - now())::float AS wait FROM graphile_worker.jobs WHERE task_identifier = 'notify:deliver'`;
      return jobs;
    };
    expect((await runJobs()).filter((r) => r.path === "/flaky")).toHaveLength(1);
    let [job] = await due();
    expect(job!.attempts).toBe(1);
    const firstWait = job!.wait;
    expect(firstWait).toBeGreaterThan(1);
    // Not due yet: running the queue now does not post again.
    expect((await runJobs()).filter((r) => r.path === "/flaky")).toHaveLength(0);
    // Time passes (the job is made due, as the wait would): the second attempt fails too, and waits longer.
    await utils.rescheduleJobs([job!.id], { runAt: new Date() });
    expect((await runJobs()).filter((r) => r.path === "/flaky")).toHaveLength(1);
    [job] = await due();
    expect(job!.attempts).toBe(2);
    expect(job!.wait).toBeGreaterThan(firstWait);
    await utils.rescheduleJobs([job!.id], { runAt: new Date() });
    expect((await runJobs()).filter((r) => r.path === "/flaky")).toHaveLength(1);
    expect(await due()).toEqual([]);
  } finally {
    await utils.release();
  }
  const log = await db.delivery.findMany({ where: { destinationId: flaky.id }, orderBy: { attempt: "asc" }, select: { attempt: true, status: true, httpStatus: true, reason: true } });
  expect(log).toEqual([
    { attempt: 1, status: "FAILED", httpStatus: 500, reason: "The receiver answered 500: answered 500" },
    { attempt: 2, status: "FAILED", httpStatus: 500, reason: "The receiver answered 500: answered 500" },
    { attempt: 3, status: "SENT", httpStatus: 200, reason: "" },
  ]);
});

test("a receiver answering 410 Gone disables its destination, which says why and gets nothing more", async () => {
  await db.destination.updateMany({ where: { name: "Flaky" }, data: { disabledAt: new Date(), disabledReason: "Paused" } });
  answers.set("/gone", [410]);
  const gone = await createDestination(admin, { name: "Old channel", kind: "SLACK", url: `${base}/gone`, teamId: payments.id, events: ["run", "digest"] });
  await startRun(admin, procedureId, { kind: "INCIDENT", incidentRef: "INC-44" });
  expect((await runJobs()).filter((r) => r.path === "/gone")).toHaveLength(1);
  const row = await db.destination.findUniqueOrThrow({ where: { id: gone.id }, include: { deliveries: true } });
  expect(row.disabledAt).not.toBeNull();
  expect(row.disabledReason).toBe("The receiver answered 410 Gone: it no longer exists. The destination is disabled.");
  expect(row.deliveries).toMatchObject([{ status: "DISABLED", httpStatus: 410, attempt: 1 }]);
  // Not retried, and nothing new goes there.
  expect(await db.$queryRaw`SELECT id FROM graphile_worker.jobs WHERE task_identifier = 'notify:deliver'`).toEqual([]);
  await startRun(admin, procedureId, { kind: "INCIDENT", incidentRef: "INC-45" });
  expect((await runJobs()).filter((r) => r.path === "/gone")).toHaveLength(0);
});

test("the daily digest posts the team's systems that need a review to its destinations, once a day", async () => {
  const digest = await createDestination(admin, { name: "#payments-daily", kind: "SLACK", url: `${base}/daily`, teamId: payments.id, events: ["digest"] });
  expect(await queueDigests({ force: true })).toBe(1);
  const posts = (await runJobs()).filter((r) => r.path === "/daily");
  expect(posts).toHaveLength(1);
  const body = slackShape.parse(JSON.parse(posts[0]!.body));
  expect(body.blocks[0]).toMatchObject({ text: { text: "*1 runbook to look at*\n• Ledger: never reviewed, 1 procedure never drilled (https://runbooks.example.com/systems/ledger)" } });
  expect(await queueDigests({ force: true })).toBe(0);
  expect(await db.reminder.findFirst({ select: { recipients: true } })).toEqual({ recipients: ["#payments-daily"] });
  expect(await db.delivery.count({ where: { destinationId: digest.id } })).toBe(1);
});

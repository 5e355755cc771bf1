import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { runOnce } from "graphile-worker";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { UserActor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { openChangeRequest } from "@/lib/approvals/policy";
import { approveChange, withdrawChange } from "@/lib/approvals/requests";
import { GET, POST } from "@/app/unsubscribe/route";
import { addJob, quietLogger } from "@/lib/jobs/queue";
import { queueDigests } from "./digest";
import { taskList } from "@/lib/jobs/tasks";

// Mail through a real SMTP server (smtp-server, in this process; mailparser reads what
// arrived), sent by the real job runner (graphile-worker) from jobs the writes added in
// their own transactions.

const database = await ownDatabase("notify");
const arrived: Promise<ParsedMail>[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, done) {
    arrived.push(simpleParser(stream));
    stream.on("end", () => done());
  },
});

let author: UserActor;
let systemId: string;

/** Runs every job that is due, as a portal process would, and returns the mails that arrived meanwhile. */
async function runJobs(): Promise<ParsedMail[]> {
  const before = arrived.length;
  await runOnce({ connectionString: database.url, taskList, logger: quietLogger });
  return Promise.all(arrived.slice(before));
}

const recipients = (mails: ParsedMail[]) => mails.map((mail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.text).sort();

beforeAll(async () => {
  await new Promise<void>((done) => smtp.listen(0, "127.0.0.1", done));
  process.env.RUNBOOK_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.RUNBOOK_MAIL_FROM = "Runbooks <runbooks@example.com>";
  process.env.NEXTAUTH_URL = "https://runbooks.example.com";
  process.env.NEXTAUTH_SECRET = "a secret for these tests only";
  const person = (email: string, role: "VIEWER" | "EDITOR" | "ADMIN", extra = {}) => db.user.create({ data: { email, name: email.split("@")[0]!, role, passwordHash: "x", ...extra } });
  const a = await person("ann@example.com", "EDITOR");
  await person("ben@example.com", "EDITOR");
  await person("cat@example.com", "ADMIN");
  await person("dan@example.com", "VIEWER");
  await person("eve@example.com", "EDITOR", { disabled: true });
  author = { id: a.id, name: a.name, role: "EDITOR" };
  const system = await saveEntry(author, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "ledger", name: "Ledger", tier: "TIER_1" }), { changeNote: "new", incidentRef: null });
  systemId = system.id;
  await db.system.update({ where: { id: systemId }, data: { changesNeedApproval: true } });
});

afterAll(async () => {
  await new Promise<void>((done) => smtp.close(() => done()));
  await db.$disconnect();
  await database.drop();
});

test("a change waiting for approval mails everyone who may approve it, with a link to it, and not its author", async () => {
  const values = ENTITIES.SYSTEM.schema.parse({ slug: "ledger", name: "Ledger", tier: "TIER_1", purpose: "Keeps the books" });
  const saved = await saveEntry(author, "SYSTEM", { id: systemId }, values, { expectedVersion: 1, changeNote: "Say what it does", incidentRef: null });
  expect(saved.changeRequestId).toBeTruthy();
  const mails = await runJobs();
  expect(recipients(mails)).toEqual(["ben@example.com", "cat@example.com"]);
  const [mail] = mails;
  expect(mail!.subject).toBe("Approval wanted: ann's change to a system of Ledger");
  expect(mail!.from!.value).toEqual([{ name: "Runbooks", address: "runbooks@example.com" }]);
  expect(mail!.text).toContain(`https://runbooks.example.com/approvals/${saved.changeRequestId}`);
  expect(mail!.text).toContain("Say what it does");
  expect(mail!.html).toContain(`<a href="https://runbooks.example.com/approvals/${saved.changeRequestId}">`);
  // Sent once: the job is done.
  expect(await runJobs()).toEqual([]);
});

test("its author hears when it is approved or rejected, with the reviewer's words", async () => {
  const request = await db.changeRequest.findFirstOrThrow({ where: { systemId, status: "PENDING" } });
  const ben = await db.user.findUniqueOrThrow({ where: { email: "ben@example.com" } });
  await approveChange({ id: ben.id, name: ben.name, role: "EDITOR" }, request.id, request.version, "Reads well");
  const [mail, ...more] = await runJobs();
  expect(more).toEqual([]);
  expect(recipients([mail!])).toEqual(["ann@example.com"]);
  expect(mail!.subject).toBe("Your change to a system of Ledger was approved");
  expect(mail!.text).toContain("ben said: Reads well");
});

test("one-click unsubscribe: a GET only asks; a POST, as a mail service sends it, stops that kind of mail for that person", async () => {
  const values = ENTITIES.SYSTEM.schema.parse({ slug: "ledger", name: "Ledger", tier: "TIER_1", purpose: "Keeps the books, twice" });
  const version = (await db.system.findUniqueOrThrow({ where: { id: systemId } })).version;
  await saveEntry(author, "SYSTEM", { id: systemId }, values, { expectedVersion: version, changeNote: "Again", incidentRef: null });
  const mails = await runJobs();
  const toBen = mails.find((mail) => recipients([mail])[0] === "ben@example.com")!;
  const header = (name: string) => toBen.headerLines.find((line) => line.key === name)?.line ?? "";
  expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  const link = /<(https:\/\/runbooks\.example\.com\/unsubscribe\?[^>]+)>/.exec(header("list-unsubscribe"))![1]!;
  expect(toBen.text).toContain(link);

  expect((await GET(new Request(link))).status).toBe(200);
  expect((await db.user.findUniqueOrThrow({ where: { email: "ben@example.com" } })).mailOff).toEqual([]);
  // Someone else's signature does not work.
  expect((await POST(new Request(link.replace(/s=[^&]+/, "s=forged"), { method: "POST", body: "List-Unsubscribe=One-Click" }))).status).toBe(400);
  const done = await POST(new Request(link, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }));
  expect(done.status).toBe(200);
  expect((await db.user.findUniqueOrThrow({ where: { email: "ben@example.com" } })).mailOff).toEqual(["change-requested"]);

  const request = await db.changeRequest.findFirstOrThrow({ where: { systemId, status: "PENDING" } });
  await withdrawChange(author, request.id, request.version);
  const next = await db.system.findUniqueOrThrow({ where: { id: systemId } });
  await saveEntry(author, "SYSTEM", { id: systemId }, { ...values, purpose: "Third time" }, { expectedVersion: next.version, changeNote: "Once more", incidentRef: null });
  expect(recipients(await runJobs())).toEqual(["cat@example.com"]);
});

test("the daily digest: one per owner and day, with a link to each system and why, however many passes run at once; none for a system in order", async () => {
  const olga = await saveEntry(author, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: "Olga Owner", kind: "PERSON", email: "olga@example.com" }), { changeNote: "new", incidentRef: null });
  const team = await saveEntry(author, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: "Books team", kind: "TEAM" }), { changeNote: "new", incidentRef: null });
  const ben = await db.user.findUniqueOrThrow({ where: { email: "ben@example.com" } });
  await db.teamMember.create({ data: { contactId: team.id, userId: ben.id } });
  await db.system.update({ where: { id: systemId }, data: { ownerId: olga.id, backupOwnerId: team.id, lastReviewedAt: null } });
  const fresh = await saveEntry(author, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "fresh", name: "Fresh", tier: "TIER_3" }), { changeNote: "new", incidentRef: null });
  await db.system.update({ where: { id: fresh.id }, data: { ownerId: olga.id, lastReviewedAt: new Date() } });

  // Two passes at once, as two portals would run them: each digest is claimed by one.
  const counts = await Promise.all([queueDigests({ force: true }), queueDigests({ force: true })]);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
  const mails = await runJobs();
  expect(recipients(mails)).toEqual(["ben@example.com", "olga@example.com"]);
  const toOlga = mails.find((mail) => recipients([mail])[0] === "olga@example.com")!;
  expect(toOlga.subject).toBe("1 runbook to look at");
  expect(toOlga.text).toContain("- Ledger: never reviewed\n  https://runbooks.example.com/systems/ledger");
  expect(toOlga.text).not.toContain("Fresh");
  // A person with an account can turn it off from the mail itself; a contact without one cannot.
  const toBen = mails.find((mail) => recipients([mail])[0] === "ben@example.com")!;
  expect(toBen.headerLines.some((line) => line.key === "list-unsubscribe")).toBe(true);
  expect(toOlga.headerLines.some((line) => line.key === "list-unsubscribe")).toBe(false);

  // The scheduled pass the same day, through the job runner: already sent.
  await db.$transaction((tx) => addJob(tx, "notify:digest", { force: true }));
  expect(await runJobs()).toEqual([]);
  // What the overview and readiness show: the system was reminded today, and to whom.
  expect(await db.reminder.findMany({ select: { system: { select: { slug: true } }, reasons: true, recipients: true } })).toEqual([
    { system: { slug: "ledger" }, reasons: ["review"], recipients: expect.arrayContaining(["ben", "Olga Owner"]) },
  ]);
});

test("a person's own digest hour: the hourly pass mails them at theirs, and the others at the portal's", async () => {
  await db.digestSent.deleteMany();
  const ben = await db.user.update({ where: { email: "ben@example.com" }, data: { digestHour: 6 } });
  process.env.RUNBOOK_DIGEST_HOUR = "8";
  process.env.RUNBOOK_TIME_ZONE = "Europe/Berlin";
  try {
    // 05:00 UTC is 06:00 in Berlin in December: Ben's hour, not Olga's.
    expect(await queueDigests({ now: new Date("2026-12-04T05:00:00Z") })).toBe(1);
    expect(recipients(await runJobs())).toEqual(["ben@example.com"]);
    expect(await queueDigests({ now: new Date("2026-12-04T06:00:00Z") })).toBe(0);
    expect(await queueDigests({ now: new Date("2026-12-04T07:00:00Z") })).toBe(1);
    expect(recipients(await runJobs())).toEqual(["olga@example.com"]);
  } finally {
    delete process.env.RUNBOOK_DIGEST_HOUR;
    delete process.env.RUNBOOK_TIME_ZONE;
    await db.user.update({ where: { id: ben.id }, data: { digestHour: null } });
  }
});

test("watching a system: its changes of the last day come in the watcher's digest with their change notes, not their own", async () => {
  await db.digestSent.deleteMany();
  const dan = await db.user.findUniqueOrThrow({ where: { email: "dan@example.com" } });
  const fresh = await db.system.findUniqueOrThrow({ where: { slug: "fresh" } });
  await db.watch.create({ data: { userId: dan.id, systemId: fresh.id } });
  await db.watch.create({ data: { userId: author.id, systemId: fresh.id } });
  await saveEntry(author, "FAILURE_MODE", { systemId: fresh.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Disk full", severity: "SEV2" }), { changeNote: "seen in INC-7", incidentRef: null });
  const mails = await runJobs().then(async () => {
    await queueDigests({ force: true });
    return runJobs();
  });
  const toDan = mails.filter((mail) => recipients([mail])[0] === "dan@example.com");
  expect(toDan).toHaveLength(1);
  expect(toDan[0]!.subject).toBe("Changes to 1 system you watch");
  expect(toDan[0]!.text).toContain("Fresh (https://runbooks.example.com/systems/fresh)\n  - System “Fresh” created by ann: new\n  - Failure mode “Disk full” created by ann: seen in INC-7");
  // Ann made the change herself: her digest (she owns nothing overdue) does not tell her of it.
  expect(recipients(mails)).not.toContain("ann@example.com");
});

test("a change rolled back sends nothing: its job went with it", async () => {
  const failed = db.$transaction(async (tx) => {
    await openChangeRequest(tx, author, { systemId, because: "system" }, { type: "SYSTEM", entityId: systemId, kind: "DELETE", baseVersion: 1, proposed: {}, title: "Ledger", meta: { changeNote: "never" } });
    throw new Error("the change failed after its request was opened");
  });
  await expect(failed).rejects.toThrow("the change failed");
  expect(await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker.jobs`).toEqual([{ n: 0 }]);
  expect(await runJobs()).toEqual([]);
});

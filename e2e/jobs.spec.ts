import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import { expect, test } from "./fixtures";
import { E2E } from "./env";
import { freshDatabase, healthy, startInstance } from "./instance";

// The job runner across processes, as `npm start` runs it: two portals on one database run
// the daily pass once (one digest per person, not two), and a job in flight when its portal
// is killed (kill -9: no goodbye) runs after the restart. Mail goes to a real SMTP server
// in this process.

const PORTS = [E2E.port + 7, E2E.port + 8];
const DATABASE = "job_runners";

type Arrived = { to: string; subject: string };

test("two portals run the daily pass once; a job in flight when its portal is killed runs after the restart", async () => {
  test.setTimeout(300_000);
  const arrived: Arrived[] = [];
  /** While set, the server takes a message's data but never answers it: the sender waits, mid-job. */
  let stall = false;
  let stalled = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      const parsed = simpleParser(stream);
      if (stall) {
        void parsed.then(() => stalled++);
        return;
      }
      void parsed.then((mail) => {
        arrived.push({ to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.text, subject: mail.subject ?? "" });
        done();
      });
    },
  });
  await new Promise<void>((done) => smtp.listen(0, "127.0.0.1", done));
  const url = await freshDatabase(DATABASE);
  const env = {
    DATABASE_URL: url,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    RUNBOOK_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    // A killed portal's jobs go back to the queue after 5 s without its heartbeat (60 s by default).
    RUNBOOK_WORKER_TIMEOUT_SECONDS: "5",
  };
  const b = startInstance(PORTS[1]!, env);
  let a = startInstance(PORTS[0]!, env);
  const sql = new pg.Client({ connectionString: url });
  try {
    await Promise.all([healthy(a), healthy(b)]);
    await sql.connect();

    // Both demo systems need a review, owned by two people with addresses.
    await sql.query(`INSERT INTO "Contact" (id, key, name, kind, email, "updatedAt") VALUES ('c-olga', 'olga', 'Olga', 'PERSON', 'olga@example.com', now()), ('c-omar', 'omar', 'Omar', 'PERSON', 'omar@example.com', now())`);
    await sql.query(`UPDATE "System" SET "lastReviewedAt" = NULL, "ownerId" = 'c-olga', "backupOwnerId" = 'c-omar'`);

    // Daily passes in both portals at once (each runs two jobs at a time): one digest per person.
    await sql.query(`SELECT graphile_worker.add_job('notify:digest', '{"force": true}'::json) FROM generate_series(1, 4)`);
    await expect.poll(async () => (await sql.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)).rows[0].n, { timeout: 60_000 }).toBe(0);
    await expect.poll(() => arrived.length, { timeout: 30_000 }).toBe(2);
    expect(arrived.map((mail) => mail.to).sort()).toEqual(["olga@example.com", "omar@example.com"]);
    expect(arrived.every((mail) => mail.subject === "2 runbooks to look at")).toBe(true);
    expect((await sql.query(`SELECT email FROM "DigestSent" ORDER BY email`)).rows).toEqual([{ email: "olga@example.com" }, { email: "omar@example.com" }]);
    // None of the four passes' jobs failed.
    expect((await sql.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE last_error IS NOT NULL`)).rows[0].n).toBe(0);

    // One portal left; its job is in flight (the mail server has the message and has not answered) when it is killed.
    await b.stop();
    stall = true;
    const item = { slug: "invoice-pipeline", name: "Invoice pipeline", reasons: ["review overdue by 3 days"], changes: [] };
    await sql.query(`SELECT graphile_worker.add_job('notify:digest-mail', $1::json)`, [JSON.stringify({ to: "killed@example.com", userId: null, day: "2026-12-03", items: [item] })]);
    await expect.poll(() => stalled, { timeout: 30_000 }).toBe(1);
    const locked = await sql.query(`SELECT locked_by FROM graphile_worker.jobs WHERE task_identifier = 'notify:digest-mail'`);
    expect(locked.rows).toEqual([{ locked_by: expect.any(String) }]);
    // kill -9 the portal and its web server: nothing runs to hand the job back.
    execFileSync("pkill", ["-KILL", "-P", String(a.child.pid)]);
    a.child.kill("SIGKILL");
    await a.stop();
    stall = false;
    expect(arrived.some((mail) => mail.to === "killed@example.com")).toBe(false);

    // Restarted, the portal finds the dead runner's job and runs it.
    a = startInstance(PORTS[0]!, env);
    await healthy(a);
    await expect.poll(() => arrived.filter((mail) => mail.to === "killed@example.com").length, { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await sql.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)).rows[0].n, { timeout: 30_000 }).toBe(0);
    expect(a.output()).toContain("handed back the jobs of");
  } finally {
    await sql.end().catch(() => {});
    await a.stop();
    await b.stop();
    await new Promise<void>((done) => smtp.close(() => done()));
  }
});

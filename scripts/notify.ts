// `npm run notify -- --now`: today's daily digests at once (those not sent yet today),
// whatever the digest hours say, and the jobs waiting, run here and now; for testing the
// mail setup and for operations. Uses DATABASE_URL, RUNBOOK_SMTP_URL and NEXTAUTH_SECRET
// as the portal does.
import { runOnce } from "graphile-worker";
import { queueDigests } from "../lib/notify/digest";
import { quietLogger } from "../lib/jobs/queue";
import { taskList } from "../lib/jobs/tasks";
import { db } from "../lib/db";

if (!process.argv.includes("--now")) {
  process.stderr.write("Usage: npm run notify -- --now   (sends today's digests not sent yet)\n");
  process.exit(2);
}
if (!process.env.RUNBOOK_SMTP_URL) process.stderr.write("RUNBOOK_SMTP_URL is not set: no mail goes out, only posts to destinations.\n");
const queued = await queueDigests({ force: true });
await runOnce({ connectionString: process.env.DATABASE_URL!, taskList, logger: quietLogger });
process.stdout.write(`${queued} digest(s) sent\n`);
await db.$disconnect();

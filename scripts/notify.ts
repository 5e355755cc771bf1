// `npm run notify -- --now`: mails today's daily digests at once (those not yet sent today),
// whatever RUNBOOK_DIGEST_HOUR says; for testing the mail setup and for operations.
// Uses DATABASE_URL, RUNBOOK_SMTP_URL and NEXTAUTH_SECRET as the portal does.
import { sendDigests } from "../lib/notify/digest";
import { db } from "../lib/db";

if (!process.argv.includes("--now")) {
  process.stderr.write("Usage: npm run notify -- --now   (mails today's digests not sent yet)\n");
  process.exit(2);
}
if (!process.env.RUNBOOK_SMTP_URL) {
  process.stderr.write("Set RUNBOOK_SMTP_URL first: without it nothing is mailed.\n");
  process.exit(2);
}
const sent = await sendDigests({ force: true });
process.stdout.write(`${sent} digest(s) sent\n`);
await db.$disconnect();

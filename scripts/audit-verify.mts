// npm run audit:verify — checks the audit log's hash chain; exits 1 when it is broken.
// The database is DATABASE_URL, or the portal's embedded one (scripts/lib/database.ts).
import { verifyAuditChain } from "../lib/audit/verify";
import { withDatabase } from "./lib/database";

const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);

const { events, breaks, head } = await withDatabase(() => verifyAuditChain(process.env.DATABASE_URL!), (message) => complain(`audit:verify: ${message}`));
if (breaks.length === 0) {
  say(`audit log intact: ${events.toLocaleString("en")} events, every hash and link checks`);
  // The last event's hash, to note down elsewhere: a chain cannot show that events were cut off its end.
  if (head) say(`last event: ${head.seq} at ${head.at}, hash ${head.hash}`);
} else {
  complain(`audit log BROKEN: ${breaks.length} problem${breaks.length === 1 ? "" : "s"} in ${events.toLocaleString("en")} events`);
  for (const problem of breaks.slice(0, 50)) {
    complain(`  event ${problem.seq}: ${problem.problem === "edited" ? "its fields no longer match its hash (edited)" : "it does not follow the event before it (an event was removed or inserted)"}`);
  }
  process.exit(1);
}

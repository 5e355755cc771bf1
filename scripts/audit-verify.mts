// npm run audit:verify — checks the audit log's hash chain; exits 1 when it is broken.
import { verifyAuditChain } from "../lib/audit/verify";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("audit:verify: set DATABASE_URL to the portal's database");
  process.exit(2);
}
const { events, breaks } = await verifyAuditChain(url);
if (breaks.length === 0) {
  console.log(`audit log intact: ${events.toLocaleString("en")} events, every hash and link checks`);
} else {
  console.error(`audit log BROKEN: ${breaks.length} problem${breaks.length === 1 ? "" : "s"} in ${events.toLocaleString("en")} events`);
  for (const problem of breaks.slice(0, 50)) {
    console.error(`  event ${problem.seq}: ${problem.problem === "edited" ? "its fields no longer match its hash (edited)" : "it does not follow the event before it (an event was removed or inserted)"}`);
  }
  process.exit(1);
}

// npm run audit:verify [-- --expect <hash>] — checks the audit log's hash chain; exits 1
// when it is broken, or when no event has the expected hash (a hash noted elsewhere
// earlier: the chain was cut off after it, or rewritten). Exit 2: wrong arguments.
// The database is DATABASE_URL, or the portal's embedded one (scripts/lib/database.ts).
import { parseArgs } from "node:util";
import { verifyAuditChain } from "../lib/audit/verify";
import { withDatabase } from "./lib/database";

const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);
const USAGE = "usage: npm run audit:verify [-- --expect <hash>]   (the hash: 64 hex digits, as audit:verify printed it)";

function expectedHash(): string | undefined {
  let hash: string | undefined;
  try {
    hash = parseArgs({ options: { expect: { type: "string" } }, strict: true, allowPositionals: false }).values.expect;
  } catch (error) {
    complain(`audit:verify: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (hash !== undefined && !/^[0-9a-f]{64}$/i.test(hash.trim())) {
    complain(`audit:verify: --expect takes an event's hash (64 hex digits), not "${hash.slice(0, 80)}"\n${USAGE}`);
    process.exit(2);
  }
  return hash?.trim().toLowerCase();
}

const expect = expectedHash();
const { events, breaks, head, expected } = await withDatabase(() => verifyAuditChain(process.env.DATABASE_URL!, { expect }), (message) => complain(`audit:verify: ${message}`));
let failed = false;
if (breaks.length === 0) {
  say(`audit log intact: ${events.toLocaleString("en")} events, every hash and link checks`);
} else {
  failed = true;
  complain(`audit log BROKEN: ${breaks.length} problem${breaks.length === 1 ? "" : "s"} in ${events.toLocaleString("en")} events`);
  for (const problem of breaks.slice(0, 50)) {
    complain(`  event ${problem.seq}: ${problem.problem === "edited" ? "its fields no longer match its hash (edited)" : "it does not follow the event before it (an event was removed or inserted)"}`);
  }
}
if (expect !== undefined) {
  if (expected) {
    say(`expected hash found: event ${expected.seq} at ${expected.at}; ${expected.after.toLocaleString("en")} event${expected.after === 1 ? "" : "s"} came after it`);
  } else {
    failed = true;
    complain(`audit log BROKEN: the chain was cut or rewritten: no event has hash ${expect}`);
  }
}
// The last event's hash, to note down elsewhere: a chain cannot show that events were cut off its end.
if (head && !failed) say(`last event: ${head.seq} at ${head.at}, hash ${head.hash}`);
if (failed) process.exit(1);

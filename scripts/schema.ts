// `npm run schema`: writes docs/runbook-portal.schema.json, the JSON Schema of runbook files,
// from the same zod schemas the import validates with. A test checks it is current.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runbookJsonSchema } from "../lib/runbooks/format";
import { projectRoot } from "./lib/next";

const path = join(projectRoot(), "docs", "runbook-portal.schema.json");
writeFileSync(path, `${JSON.stringify(runbookJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${path}\n`);

// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL.
import { join } from "node:path";
import { migrate } from "../lib/db/migrate";
import { migrateJobQueue } from "../lib/jobs/queue";
import { projectRoot } from "./lib/next";

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write("Set DATABASE_URL to the database to migrate (npm start migrates its embedded database by itself).\n");
  process.exit(2);
}
const result = await migrate(url, join(projectRoot(), "prisma", "migrations"), (m) => process.stdout.write(`${m}\n`));
process.stdout.write(`${result.applied.length} applied, ${result.alreadyApplied.length} already applied\n`);
// The job queue's own tables (schema graphile_worker), which the portal's migrations do not hold.
await migrateJobQueue(url);
process.stdout.write("job queue schema is up to date\n");

import { triggersSql } from "@/lib/db/triggers-sql";

// Prints the search and cache triggers the descriptors describe, for a new migration:
//   npm run -s db:triggers-sql > prisma/migrations/<timestamp>_<name>/triggers.sql
// (see README, "Adding a field").
process.stdout.write(triggersSql());

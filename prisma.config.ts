import { defineConfig } from "prisma/config";

// Only `prisma generate` is used from the CLI: migrations are applied by
// scripts/migrate.ts, so no database URL is needed here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});

// Runs `prisma generate` offline. Prisma's CLI wants a native schema engine that it
// would download; generation does not use it, so it is pointed at a stub.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "prisma-stub-"));
const stub = join(dir, "schema-engine");
writeFileSync(stub, "#!/bin/sh\nexit 1\n");
chmodSync(stub, 0o755);
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: stub,
    PRISMA_QUERY_ENGINE_LIBRARY: stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    PRISMA_GENERATE_NO_HINTS: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);

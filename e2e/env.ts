import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where the end-to-end server runs and keeps its throw-away data. */
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3100),
  pgPort: Number(process.env.E2E_PG_PORT ?? 55433),
  get baseURL() {
    return `http://127.0.0.1:${this.port}`;
  },
  dataDir: join(tmpdir(), "runbook-portal-e2e"),
  adminState: join(tmpdir(), "runbook-portal-e2e-admin.json"),
  admin: { name: "Ada Admin", email: "ada.admin@example.com", password: "correct horse battery staple" },
};

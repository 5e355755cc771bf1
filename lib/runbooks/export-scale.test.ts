import { afterAll, beforeAll, expect, test } from "vitest";
import { unzipSync } from "fflate";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { createToken } from "@/lib/auth/tokens";
import * as exportRoute from "@/app/api/v1/export/route";
import { exportFiles } from "./export";
import { zipStream } from "./download";

// The whole-portal export at 10,000 systems (each with four failure modes and a procedure):
// no query names every system, so PostgreSQL's limit of bound parameters is never reached,
// and the zip is made while it is sent.

const database = await ownDatabase("export_scale");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const SYSTEMS = 10_000;
/** per system: 40,000 in all, more than PostgreSQL takes as parameters of one statement */
const FAILURE_MODES = 4;

beforeAll(async () => {
  await db.$executeRawUnsafe(`INSERT INTO "System" ("id", "slug", "name", "purpose", "updatedAt")
    SELECT 'sys' || g, 'gen-' || lpad(g::text, 5, '0'), 'Generated ' || g, 'Generated system number ' || g || '.', now() FROM generate_series(1, ${SYSTEMS}) g`);
  await db.$executeRawUnsafe(`INSERT INTO "RemediationProcedure" ("id", "systemId", "key", "title", "steps", "updatedAt")
    SELECT 'proc' || g, 'sys' || g, 'restart', 'Restart ' || g, '[{"instruction":"Restart it","command":"systemctl restart gen","expectedResult":""}]', now() FROM generate_series(1, ${SYSTEMS}) g`);
  await db.$executeRawUnsafe(`INSERT INTO "FailureMode" ("id", "systemId", "key", "title", "severity", "alertNames", "updatedAt")
    SELECT 'fm' || g || '-' || n, 'sys' || g, 'down-' || n, 'Down ' || g || ' ' || n, 'SEV2', ARRAY['Gen' || g || 'Down' || n], now() FROM generate_series(1, ${SYSTEMS}) g, generate_series(1, ${FAILURE_MODES}) n`);
  await db.$executeRawUnsafe(`INSERT INTO "_FailureModeToRemediationProcedure" ("A", "B") SELECT 'fm' || g || '-' || n, 'proc' || g FROM generate_series(1, ${SYSTEMS}) g, generate_series(1, ${FAILURE_MODES}) n`);
}, 300_000);

async function unzipped(stream: ReadableStream<Uint8Array>) {
  return unzipSync(new Uint8Array(await new Response(stream).arrayBuffer()));
}

test("10,000 systems export as files, and as the zip the page sends", { timeout: 300_000 }, async () => {
  const { systems, files } = await exportFiles();
  expect(systems).toBe(SYSTEMS);
  const zip = await unzipped(zipStream(files));
  expect(Object.keys(zip)).toHaveLength(SYSTEMS + 1);
  const one = new TextDecoder().decode(zip["systems/gen-04242.yaml"]);
  expect(one).toContain("name: Generated 4242");
  expect(one).toContain("- Gen4242Down3");
  expect(one).toMatch(/procedures:\n\s+- restart/);
});

test("10,000 systems export through the API", { timeout: 300_000 }, async () => {
  const user = await db.user.create({ data: { email: "exporter@example.com", name: "Exporter", passwordHash: "x", role: "VIEWER" } });
  const { secret } = await createToken({ id: user.id, name: user.name, role: "VIEWER" }, { name: "export", scope: "READ", expiresIn: "30" });
  const response = await exportRoute.GET(new Request("http://portal.test/api/v1/export", { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({}) });
  expect(response.status).toBe(200);
  const zip = await unzipped(response.body!);
  expect(Object.keys(zip)).toHaveLength(SYSTEMS + 1);
  expect(new TextDecoder().decode(zip["contacts.yaml"])).toContain("kind: contacts");
});

import { afterAll, expect, test } from "vitest";
import pg from "pg";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { createEntity, updateEntity } from "@/lib/entries/write";
import { errorResponse } from "@/lib/api/http";
import { isDatabaseUnavailable } from "./errors";

// When PostgreSQL goes away under a write, the write in flight and the next one on a
// connection it ended are "database unavailable" (503 with Retry-After, "try again in a
// moment"), never "something went wrong" (500).

const database = await ownDatabase("db_errors");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

test("a write whose connection the database ends, and the next write on that dead connection, are unavailability", async () => {
  const actor = { id: null, name: "Writer", role: "ADMIN" as const };
  const system = await createEntity(actor, "SYSTEM", { slug: "in-flight", name: "In flight", tier: "TIER_3", reviewIntervalDays: 90 }, { changeNote: "new" });
  const killer = new pg.Client({ connectionString: database.url });
  await killer.connect();
  const failures: unknown[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      await db
        .$transaction(async (tx) => {
          const [row] = await tx.$queryRawUnsafe<{ pid: number }[]>("SELECT pg_backend_pid() AS pid");
          await killer.query("SELECT pg_terminate_backend($1)", [row!.pid]);
          await updateEntity(actor, "SYSTEM", system.id, 1, { name: "Changed" }, { changeNote: "lost" }, { tx });
        })
        .catch((error: unknown) => failures.push(error));
    }
  } finally {
    await killer.end();
  }
  expect(failures).toHaveLength(2);
  for (const failure of failures) {
    expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
    const answer = errorResponse(failure);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("Retry-After")).toBe("5");
  }
  expect((await db.system.findUniqueOrThrow({ where: { id: system.id } })).name).toBe("In flight");
});

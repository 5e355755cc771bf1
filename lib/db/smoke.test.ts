import { expect, test } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
test("smoke", async () => {
  const db = createPrismaClient();
  expect(await db.system.count()).toBe(0);
  await db.$disconnect();
});

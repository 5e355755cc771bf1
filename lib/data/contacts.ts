import "server-only";
import { db } from "@/lib/db";

export async function listContactOptions() {
  return db.contact.findMany({
    where: { deletedAt: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true, kind: true, role: true },
  });
}

export type ContactOption = Awaited<ReturnType<typeof listContactOptions>>[number];

import { randomBytes } from "node:crypto";

/**
 * A new row id in the shape of the ids Prisma makes (`@default(cuid())`): "c", the time in
 * base 36, then random base-36 characters; 25 lowercase letters and digits. For rows the
 * portal writes in bulk with SQL, where Prisma does not make the id.
 */
export function newId(): string {
  const random = [...randomBytes(16)].map((byte) => (byte % 36).toString(36)).join("");
  return `c${Date.now().toString(36).padStart(8, "0")}${random}`;
}

import "server-only";
import { headers } from "next/headers";

/** The portal's own address, as links from elsewhere should use it: NEXTAUTH_URL, else the address this request came to. */
export async function portalAddress(): Promise<string> {
  if (process.env.NEXTAUTH_URL) return process.env.NEXTAUTH_URL.replace(/\/+$/, "");
  const list = await headers();
  return `${list.get("x-forwarded-proto") === "https" ? "https" : "http"}://${list.get("host") ?? "localhost"}`;
}

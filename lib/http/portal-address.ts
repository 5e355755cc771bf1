import "server-only";
import { headers } from "next/headers";

/** The portal's own address, as links from elsewhere should use it: NEXTAUTH_URL, else the address this request came to. */
export async function portalAddress(): Promise<string> {
  return portalAddressFrom(await headers());
}

/** The same, from a request's headers (route handlers). */
export function portalAddressFrom(list: Headers): string {
  if (process.env.NEXTAUTH_URL) return process.env.NEXTAUTH_URL.replace(/\/+$/, "");
  return `${list.get("x-forwarded-proto") === "https" ? "https" : "http"}://${list.get("host") ?? "localhost"}`;
}

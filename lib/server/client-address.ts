import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

// Who is on the other end of a request. The portal's own server (scripts/serve.ts) sets
// X-Forwarded-For to this one address before Next.js sees the request, so rate limits and
// sign-in records use an address a client cannot choose: forwarded headers count only when
// they come from a proxy listed in RUNBOOK_TRUSTED_PROXIES ("loopback", "10.0.0.0/8", …).

export type Trust = (address: string, hop: number) => boolean;

/** Compiles RUNBOOK_TRUSTED_PROXIES: a comma-separated list of addresses, CIDR ranges, or loopback/linklocal/uniquelocal. */
export function compileTrust(setting: string | undefined): Trust {
  const list = (setting ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return list.length === 0 ? () => false : proxyaddr.compile(list);
}

/** "::ffff:10.0.0.7" → "10.0.0.7" */
function plain(address: string) {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export function clientAddress(request: IncomingMessage, trust: Trust): string {
  return plain(proxyaddr(request as Parameters<typeof proxyaddr>[0], trust) || request.socket.remoteAddress || "unknown");
}

/** Whether the request came through a proxy the portal trusts (so its X-Forwarded-Proto counts). */
export function fromTrustedProxy(request: IncomingMessage, trust: Trust): boolean {
  const peer = request.socket.remoteAddress;
  return !!peer && trust(peer, 0);
}

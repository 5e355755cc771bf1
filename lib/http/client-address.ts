import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
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

/**
 * The address as sign-in limits count it: IPv4 as is, IPv6 by its /64 network, since any
 * single IPv6 client holds a whole /64 and could otherwise start afresh at every attempt.
 */
export function addressKey(address: string): string {
  try {
    const parsed = ipaddr.process(address);
    if (parsed.kind() === "ipv4") return parsed.toString();
    return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(":")}::/64`;
  } catch {
    return address.slice(0, 100);
  }
}

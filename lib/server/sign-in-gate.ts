import type { IncomingMessage, ServerResponse } from "node:http";
import { ADDRESS_BLOCKED_HEADER } from "../auth/sign-in-errors";

// Once the sign-in route has said that a client address is blocked (too many failed
// sign-ins, lib/auth/throttle.ts), the portal's server answers that address's further
// attempts itself until the block ends: a flood of wrong passwords from one place then
// costs microseconds each, not a trip through Next.js, next-auth and the database, and
// the pages everyone else is loading stay fast. Each server process learns this from the
// first refusal it relays; the database stays the one source of truth.

const SIGN_IN_PATH = "/api/auth/callback/";

/** The path as Next.js routes it: %-escapes decoded ("/api/auth/callback/%63redentials" is the same route). */
function routedPath(url: string) {
  const path = url.split("?")[0]!;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export class SignInGate {
  private readonly blocked = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A sign-in attempt: any POST to next-auth's callbacks (credentials is the only provider). */
  isSignIn(request: IncomingMessage): boolean {
    return request.method === "POST" && routedPath(request.url ?? "").startsWith(SIGN_IN_PATH);
  }

  /** Seconds this address (as `addressKey` counts it) must still wait; 0 when it may try. */
  secondsLeft(address: string): number {
    const until = this.blocked.get(address);
    if (until === undefined) return 0;
    const left = Math.ceil((until - this.now()) / 1000);
    if (left > 0) return left;
    this.blocked.delete(address);
    return 0;
  }

  /** Watches the answer to a sign-in: a block of the address is remembered (and the header that said so is not sent on). */
  watch(address: string, response: ServerResponse) {
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = ((...args: unknown[]) => {
      const seconds = Number(response.getHeader(ADDRESS_BLOCKED_HEADER));
      if (Number.isFinite(seconds) && seconds > 0) {
        // Bounded: a spray of addresses cannot grow this without end.
        if (this.blocked.size >= 100_000) this.blocked.clear();
        this.blocked.set(address, this.now() + seconds * 1000);
      }
      response.removeHeader(ADDRESS_BLOCKED_HEADER);
      return writeHead(...args);
    }) as typeof response.writeHead;
  }

  /** The answer next-auth's client expects (JSON with the error in a URL), with 429 and Retry-After. */
  refuse(request: IncomingMessage, response: ServerResponse, seconds: number) {
    response.statusCode = 429;
    response.setHeader("Retry-After", String(seconds));
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Content-Type", "application/json");
    response.end(JSON.stringify({ url: `/login?error=TooManyAttempts:${seconds}:${seconds}` }));
  }
}

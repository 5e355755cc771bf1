import "server-only";
import { positiveSetting } from "@/lib/settings";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ApiProblem } from "./http";

// Requests to the API are counted per client address (before anything else is looked at)
// and per token (or signed-in user), so a runaway script runs into a 429 with Retry-After
// long before it could slow down the pages the on-call engineer is reading. Counts are
// kept in each server process's memory: cheap on every request, and with several
// processes behind a load balancer each allows its own share.


/** Requests per minute; each can be changed with the environment variable beside it (README, "API"). */
export function apiRateLimits() {
  return {
    perAddress: positiveSetting("RUNBOOK_API_RATE_PER_ADDRESS", 1200),
    perToken: positiveSetting("RUNBOOK_API_RATE_PER_TOKEN", 600),
  };
}

let limiters: { address: RateLimiterMemory; caller: RateLimiterMemory } | undefined;

function get() {
  if (!limiters) {
    const limits = apiRateLimits();
    limiters = {
      address: new RateLimiterMemory({ keyPrefix: "api-address", points: limits.perAddress, duration: 60 }),
      caller: new RateLimiterMemory({ keyPrefix: "api-caller", points: limits.perToken, duration: 60 }),
    };
  }
  return limiters;
}

/** Starts counting afresh with the limits the environment holds now (tests). */
export function resetApiRateLimits() {
  limiters = undefined;
}

async function take(limiter: RateLimiterMemory, key: string, who: string) {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw new ApiProblem(
      { title: "Too many requests", status: 429, detail: `Too many requests from this ${who}; try again in ${seconds} s.` },
      { "Retry-After": String(seconds) },
    );
  }
}

/** The client's address as the portal's server set it (scripts/serve.ts): forwarded headers from outside never reach here. */
function addressOf(request: Request): string {
  return (request.headers.get("x-forwarded-for") ?? "").split(",")[0]!.trim() || "unknown";
}

export function limitAddress(request: Request) {
  return take(get().address, addressOf(request), "address");
}

export function limitCaller(key: string) {
  return take(get().caller, key, "token");
}

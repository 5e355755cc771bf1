import { describe, expect, test } from "vitest";
import { refuseUndecodableActions } from "./responses";
import { baseSecurityHeaders, contentSecurityPolicy } from "@/lib/http/security-headers";
import { SignInGate } from "./sign-in-gate";
import { request } from "./server-test-request";

// What the server adds to or changes in Next.js's answers: the security headers, the
// sign-in gate's blocks, and server action requests Next.js cannot decode.

describe("security headers", () => {
  test("the page policy allows only this site's scripts, with the nonce, and no inline styles", () => {
    const policy = contentSecurityPolicy("abc123", false);
    expect(policy).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(policy).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("abc123", true)).toContain("upgrade-insecure-requests");
  });

  test("HSTS only over HTTPS; the rest always", () => {
    expect(baseSecurityHeaders(false)).not.toHaveProperty("Strict-Transport-Security");
    expect(baseSecurityHeaders(true)["Strict-Transport-Security"]).toMatch(/^max-age=\d{8}$/);
    expect(baseSecurityHeaders(false)["Permissions-Policy"]).toContain("camera=()");
    expect(baseSecurityHeaders(false)["X-Frame-Options"]).toBe("DENY");
  });
});

describe("the sign-in gate", () => {
  test("remembers an address the sign-in route blocked, answers it until the block ends, and drops the internal header", () => {
    let now = 1_000_000;
    const gate = new SignInGate(() => now);
    const headers = new Map<string, unknown>([["x-sign-in-address-blocked", "30"]]);
    let written: unknown[] = [];
    const response = {
      getHeader: (name: string) => headers.get(name),
      removeHeader: (name: string) => headers.delete(name),
      writeHead: (...args: unknown[]) => {
        written = args;
        return response;
      },
    } as unknown as import("node:http").ServerResponse;
    expect(gate.isSignIn(request({ method: "POST", url: "/api/auth/callback/credentials" }))).toBe(true);
    expect(gate.isSignIn(request({ method: "GET", url: "/api/auth/callback/credentials" }))).toBe(false);
    // %-escaped, as Next.js would still route it: the same sign-in.
    expect(gate.isSignIn(request({ method: "POST", url: "/api/auth/callback/%63redentials?x=1" }))).toBe(true);
    expect(gate.isSignIn(request({ method: "POST", url: "/api/auth/signout" }))).toBe(false);
    expect(gate.secondsLeft("203.0.113.5")).toBe(0);
    gate.watch("203.0.113.5", response);
    response.writeHead(429);
    expect(written).toEqual([429]);
    expect(headers.has("x-sign-in-address-blocked")).toBe(false);
    expect(gate.secondsLeft("203.0.113.5")).toBe(30);
    expect(gate.secondsLeft("203.0.113.6")).toBe(0);
    now += 29_500;
    expect(gate.secondsLeft("203.0.113.5")).toBe(1);
    now += 1_000;
    expect(gate.secondsLeft("203.0.113.5")).toBe(0);
  });
});

describe("server action requests Next.js cannot decode", () => {
  function fakeResponse() {
    const headers = new Map<string, unknown>();
    const written: number[] = [];
    const response = {
      statusMessage: "",
      setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
      writeHead: (status: number) => {
        written.push(status);
        return response;
      },
    } as unknown as import("node:http").ServerResponse;
    return { response, headers, written };
  }

  test("a 500 before any of the portal's actions started is a 400; after, it stays a 500", () => {
    const log: string[] = [];
    const undecodable = fakeResponse();
    refuseUndecodableActions(request({ method: "POST", url: "/systems/new" }), undecodable.response, { actionStarted: false }, (m) => log.push(m));
    undecodable.response.writeHead(500);
    expect(undecodable.written).toEqual([400]);
    expect(undecodable.headers.get("x-portal-refused")).toBe("malformed-action");
    expect(log).toHaveLength(1);

    const genuine = fakeResponse();
    refuseUndecodableActions(request({ method: "POST", url: "/systems/new" }), genuine.response, { actionStarted: true }, (m) => log.push(m));
    genuine.response.writeHead(500);
    expect(genuine.written).toEqual([500]);
    expect(genuine.headers.has("x-portal-refused")).toBe(false);
  });
});

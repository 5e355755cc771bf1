import { createServer, type Server, type Socket } from "node:net";
import { Socket as NetSocket } from "node:net";
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, test } from "vitest";
import { addressKey, clientAddress, compileTrust, fromTrustedProxy } from "./client-address";
import { DatabaseWatch } from "./database-watch";
import { databaseTroubledWithin, noteDatabaseTrouble } from "./database-trouble";
import { answer, databaseTroubleAs503, refuseRequest, refuseUndecodableActions } from "./responses";
import { baseSecurityHeaders, contentSecurityPolicy } from "./security-headers";
import { SignInGate } from "./sign-in-gate";
import { MAX_BODY_BYTES, maxUploadBytes } from "../limits";

function request(options: { peer?: string; method?: string; url?: string; headers?: Record<string, string> }): IncomingMessage {
  const socket = new NetSocket();
  Object.defineProperty(socket, "remoteAddress", { value: options.peer ?? "203.0.113.9" });
  const headers = Object.fromEntries(Object.entries({ host: "runbooks.example.com", ...options.headers }).map(([k, v]) => [k.toLowerCase(), v]));
  return { socket, connection: socket, method: options.method ?? "GET", url: options.url ?? "/", headers } as unknown as IncomingMessage;
}

describe("the client's address", () => {
  test("is the socket's, whatever X-Forwarded-For claims, unless the peer is a trusted proxy", () => {
    const untrusted = compileTrust(undefined);
    const forged = request({ peer: "203.0.113.9", headers: { "x-forwarded-for": "10.0.0.1" } });
    expect(clientAddress(forged, untrusted)).toBe("203.0.113.9");
    expect(fromTrustedProxy(forged, untrusted)).toBe(false);

    const loopback = compileTrust("loopback");
    const proxied = request({ peer: "127.0.0.1", headers: { "x-forwarded-for": "198.51.100.4" } });
    expect(clientAddress(proxied, loopback)).toBe("198.51.100.4");
    expect(fromTrustedProxy(proxied, loopback)).toBe(true);
    // A chain: only the hops the portal trusts are skipped; the client cannot prepend its own entries past them.
    const chain = request({ peer: "127.0.0.1", headers: { "x-forwarded-for": "10.9.9.9, 198.51.100.4" } });
    expect(clientAddress(chain, loopback)).toBe("198.51.100.4");
    expect(clientAddress(request({ peer: "::ffff:192.0.2.8" }), untrusted)).toBe("192.0.2.8");
  });

  test("sign-in limits count IPv6 clients by their /64 network, IPv4 by address", () => {
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:2::1")).toBe(addressKey("2001:db8:1:2:ffff::9"));
    expect(addressKey("2001:db8:1:3::1")).not.toBe(addressKey("2001:db8:1:2::1"));
    expect(addressKey("::ffff:192.0.2.8")).toBe("192.0.2.8");
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("unknown")).toBe("unknown");
  });

  test("trust is a list of addresses and ranges", () => {
    const trust = compileTrust("10.0.0.0/8, 192.0.2.1");
    expect(clientAddress(request({ peer: "10.1.2.3", headers: { "x-forwarded-for": "198.51.100.4" } }), trust)).toBe("198.51.100.4");
    expect(clientAddress(request({ peer: "192.0.2.2", headers: { "x-forwarded-for": "198.51.100.4" } }), trust)).toBe("192.0.2.2");
  });
});

describe("requests refused before Next.js", () => {
  test("a NUL character or a broken %-escape in the address is a 400", () => {
    expect(refuseRequest(request({ url: "/api/search?q=a%00b" }))?.status).toBe(400);
    expect(refuseRequest(request({ url: "/alerts/a%00" }))?.status).toBe(400);
    expect(refuseRequest(request({ url: "/failure-modes/%E0%A4%A" }))?.status).toBe(400);
    expect(refuseRequest(request({ url: "/search?q=%E0%A4%A8" }))).toBeNull();
    expect(refuseRequest(request({ url: "/systems/invoice-pipeline" }))).toBeNull();
  });

  test("a method no part of the portal takes (TRACE and the like) is a 405 naming the ones it does, before any other check", () => {
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "LINK", "PURGE"]) {
      expect(refuseRequest(request({ method, url: "/systems" })), method).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" } });
    }
    expect(refuseRequest(request({ method: "TRACE", url: "/a%00", headers: { origin: "https://evil.example" } }))?.status).toBe(405);
    for (const method of ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      expect(refuseRequest(request({ method, url: "/systems", headers: { "content-length": "0" } })), method).toBeNull();
    }
  });

  test("over HTTP: TRACE is answered 405 with Allow, as a page or as an API problem, and never reaches what comes after", async () => {
    let passed = 0;
    const server = createHttpServer((incoming, response) => {
      const refusal = refuseRequest(incoming);
      if (refusal) return answer(incoming, response, refusal);
      passed++;
      response.end("passed on");
    });
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const { port } = server.address() as AddressInfo;
    const send = (method: string, path: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const outgoing = httpRequest({ host: "127.0.0.1", port, method, path }, (reply) => {
          let body = "";
          reply.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
          reply.on("end", () => resolve({ status: reply.statusCode!, headers: reply.headers, body }));
        });
        outgoing.on("error", reject).end();
      });
    try {
      const page = await send("TRACE", "/systems");
      expect(page).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", "content-type": "text/html; charset=utf-8" } });
      expect(page.body).toContain("Method not allowed");
      const api = await send("TRACE", "/api/v1/systems");
      expect(api).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", "content-type": "application/problem+json" } });
      expect(JSON.parse(api.body)).toMatchObject({ type: "/api/docs#problem-method-not-allowed", status: 405 });
      expect(passed).toBe(0);
      expect((await send("GET", "/systems")).body).toBe("passed on");
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });

  test("bodies over the limit are a 413, streamed bodies a 411, and the limit itself passes", () => {
    const post = (headers: Record<string, string>) => refuseRequest(request({ method: "POST", url: "/systems/new", headers }));
    expect(post({ "content-length": String(MAX_BODY_BYTES + 1) })?.status).toBe(413);
    expect(post({ "content-length": String(MAX_BODY_BYTES) })).toBeNull();
    expect(post({ "transfer-encoding": "chunked" })?.status).toBe(411);
    expect(post({ "content-length": "lots" })?.status).toBe(400);
  });

  test("uploads of runbook files take up to their own, larger limit, and only at the upload address", () => {
    const upload = (url: string, bytes: number) => refuseRequest(request({ method: "POST", url, headers: { "content-length": String(bytes) } }));
    expect(maxUploadBytes()).toBeGreaterThan(MAX_BODY_BYTES);
    expect(upload("/import/upload", maxUploadBytes())).toBeNull();
    expect(upload("/import/upload", maxUploadBytes() + 1)?.status).toBe(413);
    expect(upload("/import/other", MAX_BODY_BYTES + 1)?.status).toBe(413);
  });

  test("a POST from a page of another site is a 403; the portal's own pages and origin-less clients pass", () => {
    const post = (headers: Record<string, string>, https = true) => refuseRequest(request({ method: "POST", url: "/systems/new", headers: { "content-length": "10", ...headers } }), https);
    expect(post({ origin: "https://evil.example" })?.status).toBe(403);
    expect(post({ origin: "null" })?.status).toBe(403);
    expect(post({ origin: "https://runbooks.example.com" })).toBeNull();
    expect(post({ origin: "https://public.example.com", "x-forwarded-host": "public.example.com" })).toBeNull();
    // Behind the TLS proxy, a page over plain http on the public host is another site: scheme and host are compared.
    expect(post({ origin: "http://public.example.com", "x-forwarded-host": "public.example.com" })?.status).toBe(403);
    expect(post({ origin: "http://runbooks.example.com" })?.status).toBe(403);
    // Served over plain http (no proxy), its own http origin passes.
    expect(post({ origin: "http://runbooks.example.com" }, false)).toBeNull();
    expect(post({})).toBeNull();
  });
});

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

describe("the database watch", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** A TCP relay to the test database that the test can cut and restore, as if the server died and came back. */
  async function relay() {
    const target = new URL(process.env.DATABASE_URL!);
    const sockets = new Set<Socket>();
    let server: Server;
    const listen = (port = 0) =>
      new Promise<number>((resolve) => {
        server = createServer((client) => {
          const upstream = new NetSocket().connect(Number(target.port), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on("error", () => {});
            s.on("close", () => sockets.delete(s));
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
      });
    const port = await listen();
    const url = new URL(process.env.DATABASE_URL!);
    url.port = String(port);
    return {
      url: url.toString(),
      cut: () =>
        new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      restore: () => listen(port),
    };
  }

  async function until(condition: () => boolean) {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((done) => setTimeout(done, 25));
    return condition();
  }

  test("goes down when the connection drops and up again when the database is back, logging both", async () => {
    const link = await relay();
    cleanups.push(link.cut);
    const log: string[] = [];
    const watch = new DatabaseWatch({ url: link.url, intervalMs: 100, timeoutMs: 500, log: (m) => log.push(m) });
    cleanups.push(() => watch.stop());
    await watch.start();
    expect(watch.up).toBe(true);
    await link.cut();
    expect(await until(() => !watch.up)).toBe(true);
    await link.restore();
    expect(await until(() => watch.up)).toBe(true);
    expect(databaseTroubledWithin(60_000)).toBe(true);
    expect(log[0]).toMatch(/^database unreachable/);
    expect(log.at(-1)).toMatch(/^database reachable again after/);
  });

  test("a database that cannot be reached at start is down, not a crash", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.port = "1";
    const watch = new DatabaseWatch({ url: url.toString(), intervalMs: 100, timeoutMs: 300 });
    cleanups.push(() => watch.stop());
    await watch.start();
    expect(watch.up).toBe(false);
  });
});

test("a server error while the database is in trouble is answered 503 with Retry-After; other answers are left alone", () => {
  const answered = (status: number, troubled: boolean) => {
    const headers = new Map<string, unknown>();
    let written: unknown[] = [];
    const response = {
      setHeader: (name: string, value: unknown) => headers.set(name, value),
      writeHead: (...args: unknown[]) => {
        written = args;
        return response;
      },
    } as unknown as import("node:http").ServerResponse;
    databaseTroubleAs503(response, () => troubled);
    response.writeHead(status, { "Content-Type": "text/html" });
    return { status: written[0], retryAfter: headers.get("Retry-After") };
  };
  expect(answered(500, true)).toEqual({ status: 503, retryAfter: "5" });
  expect(answered(500, false)).toEqual({ status: 500, retryAfter: undefined });
  expect(answered(200, true)).toEqual({ status: 200, retryAfter: undefined });
  expect(answered(404, true)).toEqual({ status: 404, retryAfter: undefined });

  noteDatabaseTrouble(1_000_000);
  expect(databaseTroubledWithin(10_000, 1_009_999)).toBe(true);
  expect(databaseTroubledWithin(10_000, 1_010_000)).toBe(false);
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

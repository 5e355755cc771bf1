import { createServer as createHttpServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { addressKey, clientAddress, compileTrust, fromTrustedProxy } from "@/lib/http/client-address";
import { answer, refuseRequest } from "./responses";
import { MAX_BODY_BYTES, maxUploadBytes } from "../limits";
import { request } from "./server-test-request";

// What the server decides before Next.js sees a request: who the client is (and which
// proxies may say so), and which requests are refused outright.

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

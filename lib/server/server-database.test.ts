import { createServer, type Server, type Socket } from "node:net";
import { Socket as NetSocket } from "node:net";
import { afterAll, describe, expect, test } from "vitest";
import { DatabaseWatch } from "./database-watch";
import { databaseTroubledWithin, noteDatabaseTrouble } from "./database-trouble";
import { databaseTroubleAs503 } from "./responses";

// The server and its database: the watch that notices the database going and coming back,
// and server errors answered 503 while it is in trouble.

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

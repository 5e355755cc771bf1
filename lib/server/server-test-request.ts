import { Socket as NetSocket } from "node:net";
import type { IncomingMessage } from "node:http";

// A request as the server sees it before Next.js, for the server test files (server-*.test.ts).

export function request(options: { peer?: string; method?: string; url?: string; headers?: Record<string, string> }): IncomingMessage {
  const socket = new NetSocket();
  Object.defineProperty(socket, "remoteAddress", { value: options.peer ?? "203.0.113.9" });
  const headers = Object.fromEntries(Object.entries({ host: "runbooks.example.com", ...options.headers }).map(([k, v]) => [k.toLowerCase(), v]));
  return { socket, connection: socket, method: options.method ?? "GET", url: options.url ?? "/", headers } as unknown as IncomingMessage;
}

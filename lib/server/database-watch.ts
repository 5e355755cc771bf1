import pg from "pg";
import { noteDatabaseTrouble } from "./database-trouble";

// Watches the database from the portal's server process with one connection of its own:
// a dropped connection or a failed ping marks it down at once (pages then answer 503,
// "database unavailable, retrying", instead of 500), and reconnecting marks it up again.

export type DatabaseWatchOptions = {
  url: string;
  log?: (message: string) => void;
  /** ping interval while up, and retry interval while down */
  intervalMs?: number;
  timeoutMs?: number;
};

export class DatabaseWatch {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private downSince: number | null = null;
  private failedPings = 0;
  private readonly log: (message: string) => void;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: DatabaseWatchOptions) {
    this.log = options.log ?? (() => {});
    this.intervalMs = options.intervalMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
  }

  /** Whether requests that need the database can be served right now. */
  get up(): boolean {
    return this.downSince === null;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    client?.removeAllListeners();
    client?.on("error", () => {});
    // end() waits for the server's goodbye, which a dead or frozen server never sends.
    if (client) await Promise.race([client.end().catch(() => {}), new Promise((done) => setTimeout(done, 1_000).unref())]);
  }

  private schedule(work: () => Promise<void>) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void work(), this.intervalMs);
    this.timer.unref();
  }

  private markDown(reason: string) {
    noteDatabaseTrouble();
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.log(`database unreachable (${reason}); answering 503 until it is back`);
    }
    const client = this.client;
    this.client = null;
    client?.removeAllListeners();
    client?.on("error", () => {});
    void client?.end().catch(() => {});
    this.schedule(() => this.connect());
  }

  private markUp() {
    if (this.downSince !== null) noteDatabaseTrouble();
    if (this.downSince !== null) this.log(`database reachable again after ${((Date.now() - this.downSince) / 1000).toFixed(1)} s`);
    this.downSince = null;
  }

  private async connect() {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.timeoutMs,
      keepAlive: true,
      application_name: "runbook-portal watch",
    });
    client.on("error", (error) => this.markDown(error.message));
    client.on("end", () => {
      if (!this.stopped && this.client === client) this.markDown("connection closed");
    });
    try {
      await client.connect();
      await client.query({ text: "SELECT 1", query_timeout: this.timeoutMs } as pg.QueryConfig);
      this.client = client;
      this.failedPings = 0;
      this.markUp();
      this.schedule(() => this.ping());
    } catch (error) {
      client.removeAllListeners();
      client.on("error", () => {});
      void client.end().catch(() => {});
      this.markDown(error instanceof Error ? error.message : String(error));
    }
  }

  private async ping(): Promise<void> {
    const client = this.client;
    if (!client || this.stopped) return;
    try {
      await client.query({ text: "SELECT 1", query_timeout: this.timeoutMs } as pg.QueryConfig);
      this.failedPings = 0;
      this.schedule(() => this.ping());
    } catch (error) {
      if (this.client !== client) return;
      // A closed connection says "down" at once (its 'end' event); one slow answer under load does not.
      if (++this.failedPings < 2) {
        this.schedule(() => this.ping());
        return;
      }
      this.markDown(error instanceof Error ? error.message : String(error));
    }
  }
}

/**
 * A minimal HTTP client for the benchmark: keep-alive, a cookie jar, and the
 * time from sending the request to the last byte of the response.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

export interface Timed {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  ms: number;
}

export class Browser {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(headers: http.IncomingHttpHeaders): void {
    for (const line of headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  request(method: string, path: string, options: { body?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Timed> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(url, {
        method,
        agent: this.agent,
        headers: {
          accept: "text/html,application/json",
          ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
          ...(options.body !== undefined ? { "content-length": String(Buffer.byteLength(options.body)) } : {}),
          ...options.headers,
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const ms = performance.now() - started;
          this.remember(res.headers);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), ms });
        });
        res.on("error", reject);
      });
      req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error(`${method} ${path}: no answer in ${options.timeoutMs ?? 60_000} ms`)));
      req.on("error", reject);
      req.end(options.body);
    });
  }

  get(path: string, timeoutMs?: number): Promise<Timed> {
    return this.request("GET", path, { timeoutMs });
  }

  /** Signs in exactly like the browser's next-auth signIn("credentials"): CSRF token, then the credentials callback. */
  async signIn(fields: Record<string, string>): Promise<void> {
    const csrf = await this.get("/api/auth/csrf");
    if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf: ${csrf.status}`);
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const body = new URLSearchParams({ ...fields, csrfToken, callbackUrl: `${this.base}/login`, json: "true" }).toString();
    const res = await this.request("POST", "/api/auth/callback/credentials", {
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const url = res.status === 200 ? (JSON.parse(res.body) as { url?: string }).url ?? "" : "";
    if (res.status !== 200 || url.includes("error=") || ![...this.cookies.keys()].some((k) => k.endsWith("next-auth.session-token"))) {
      throw new Error(`sign-in failed: HTTP ${res.status} ${url || res.body.slice(0, 200)}`);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * An open Server-Sent Events stream (GET /api/events with the jar's cookie).
 * `next(name, after)` resolves with the time the first event of that name
 * arrived after `after` (performance.now() clock).
 */
export class EventStream {
  private req: http.ClientRequest | null = null;
  private events: { name: string; data: string; at: number }[] = [];
  private waiters: (() => void)[] = [];
  private connected = false;

  constructor(private readonly browser: Browser) {}

  open(path = "/api/events"): Promise<void> {
    const url = new URL(path, this.browser.base);
    return new Promise((resolve, reject) => {
      this.req = http.request(url, { headers: { accept: "text/event-stream", cookie: this.browser.cookieHeader() } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${path}: ${res.statusCode}`));
          return;
        }
        let buffer = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let name = "message";
            const data: string[] = [];
            for (const line of block.split("\n")) {
              if (line.startsWith("event:")) name = line.slice(6).trim();
              else if (line.startsWith("data:")) data.push(line.slice(5).trim());
            }
            // "ready": the server listens for this account's changes from here on (lib/mail/mail-event-stream.ts).
            if (name === "ready") {
              this.connected = true;
              resolve();
            } else if (data.length) this.events.push({ name, data: data.join("\n"), at });
          }
          for (const wake of this.waiters.splice(0)) wake();
        });
        res.on("error", () => {});
      });
      this.req.on("error", (error) => (this.connected ? undefined : reject(error)));
      this.req.end();
    });
  }

  async next(name: string, after: number, timeoutMs: number): Promise<{ at: number; data: string }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.events.find((e) => e.name === name && e.at >= after);
      if (hit) return hit;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no "${name}" event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.req?.destroy();
  }
}

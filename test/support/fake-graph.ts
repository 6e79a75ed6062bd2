/**
 * A minimal Microsoft Graph on 127.0.0.1 for app installs: `POST /users/{id}/teamwork/installedApps`.
 * Answers per user from a script (201 by default); records every request. A user whose app was
 * installed gets 409 Conflict on the next install, as Graph does.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  readonly userId: string;
  readonly authorization: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  /** performance.now() when the request arrived. */
  readonly at: number;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly retryAfterSeconds?: number;
}

export interface FakeGraph {
  /** Base URL, like `https://graph.microsoft.com/v1.0`, without a trailing slash. */
  readonly url: string;
  readonly requests: readonly GraphRequest[];
  /** The next answers for a user, in order; after them, 201 (or 409 once installed). */
  script(userId: string, ...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const requests: GraphRequest[] = [];
  const scripts = new Map<string, ScriptedAnswer[]>();
  const installed = new Set<string>();
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    const match = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match?.[1]) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: 'Unknown route' } }));
      return;
    }
    const userId = decodeURIComponent(match[1]);
    const scripted = scripts.get(userId)?.shift();
    const status = scripted?.status ?? (installed.has(userId) ? 409 : 201);
    if (status === 201) installed.add(userId);
    requests.push({
      userId,
      authorization: req.headers.authorization ?? '',
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      status,
      at: performance.now(),
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (scripted?.retryAfterSeconds !== undefined)
      headers['retry-after'] = String(scripted.retryAfterSeconds);
    res.writeHead(status, headers);
    res.end(
      status === 201
        ? JSON.stringify({ id: `install-${userId}` })
        : JSON.stringify({ error: { code: `Status${status}`, message: `fake Graph answered ${status}` } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1.0`,
    get requests() {
      return requests;
    },
    script(userId, ...answers) {
      scripts.set(userId, [...(scripts.get(userId) ?? []), ...answers]);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

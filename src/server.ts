import restify from 'restify';
import type { ReminderTrigger } from './reminders/trigger.js';
import { cachedProbe } from './shared/cached-probe.js';
import { jsonBody } from './shared/json-body.js';
import type { Logger } from './shared/logger.js';
import { StorageUnavailableError } from './shared/storage-errors.js';

export interface ServerDeps {
  readonly logger: Logger;
  /** Resolves when storage answers. */
  readonly pingStorage: () => Promise<void>;
  readonly version: string;
  /** The Bot Framework endpoint (`POST /api/messages`). */
  readonly messages: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** Single-use report downloads: `GET /files/:token` shows a page, its button POSTs and downloads. */
  readonly downloads: {
    readonly page: (req: restify.Request, res: restify.Response) => Promise<void>;
    readonly download: (req: restify.Request, res: restify.Response) => Promise<void>;
  };
  /** Milliseconds now; defaults to Date.now (tests move it to expire the health cache). */
  readonly now?: () => number;
  /** `POST /api/reminders/run` (src/reminders/trigger.ts): 404 itself when no key is configured. */
  readonly reminderTrigger: ReminderTrigger;
}

/** How long /healthz reuses the last storage status. */
export const HEALTH_CACHE_MS = 5_000;

/** Builds the HTTP server with its routes; the caller decides when and where it listens. */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({
    name: 'uppfoljningsboten',
    handleUncaughtExceptions: false,
    // Passed on to the router (find-my-way); a download link's id is 43 characters, longer ones are refused.
    maxParamLength: 2_048,
  } as restify.ServerOptions);
  // JSON only, bounded, never compressed: no multipart or form parsing on any route.
  server.use(jsonBody({ maxBytes: 256 * 1024 }));

  const storageStatus = async (): Promise<'ok' | 'unavailable'> => {
    try {
      await deps.pingStorage();
      return 'ok';
    } catch (error) {
      if (!(error instanceof StorageUnavailableError))
        deps.logger.error('storage ping failed', { error: String(error) });
      return 'unavailable';
    }
  };

  // Liveness: the process answers. Storage is reported, not required, so a storage outage does
  // not make the platform restart a healthy process. Anyone can call it: storage is asked at most
  // once per HEALTH_CACHE_MS.
  const cachedStorageStatus = cachedProbe(storageStatus, HEALTH_CACHE_MS, deps.now ?? Date.now);
  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok', version: deps.version, storage: await cachedStorageStatus() });
  });

  // Readiness: only ready when storage answers.
  server.get('/readyz', async (_req, res) => {
    const storage = await storageStatus();
    res.json(storage === 'ok' ? 200 : 503, { status: storage === 'ok' ? 'ready' : 'not-ready', storage });
  });

  server.post('/api/messages', deps.messages);
  server.get('/files/:token', deps.downloads.page);
  server.head('/files/:token', deps.downloads.page);
  server.post('/files/:token', deps.downloads.download);
  server.post('/api/reminders/run', async (req, res) => {
    const answer = deps.reminderTrigger(req.headers['x-reminder-key']);
    res.json(answer.status, answer.body);
  });

  return server;
}

import restify from 'restify';
import type { ReminderTrigger } from './reminders/trigger.js';
import type { Logger } from './shared/logger.js';
import { StorageUnavailableError } from './shared/storage-errors.js';

export interface ServerDeps {
  readonly logger: Logger;
  /** Resolves when storage answers. */
  readonly pingStorage: () => Promise<void>;
  readonly version: string;
  /** The Bot Framework endpoint (`POST /api/messages`). */
  readonly messages: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** Signed report downloads (`GET /files/:token`). */
  readonly download: (req: restify.Request, res: restify.Response) => Promise<void>;
  /** `POST /api/reminders/run` (src/reminders/trigger.ts): 404 itself when no key is configured. */
  readonly reminderTrigger: ReminderTrigger;
}

/** Builds the HTTP server with its routes; the caller decides when and where it listens. */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({
    name: 'uppfoljningsboten',
    handleUncaughtExceptions: false,
    // Passed on to the router (find-my-way), whose default of 100 would cut signed download tokens.
    maxParamLength: 2_048,
  } as restify.ServerOptions);
  server.use(
    restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, requestBodyOnGet: false }),
  );

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
  // not make the platform restart a healthy process.
  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok', version: deps.version, storage: await storageStatus() });
  });

  // Readiness: only ready when storage answers.
  server.get('/readyz', async (_req, res) => {
    const storage = await storageStatus();
    res.json(storage === 'ok' ? 200 : 503, { status: storage === 'ok' ? 'ready' : 'not-ready', storage });
  });

  server.post('/api/messages', deps.messages);
  server.get('/files/:token', deps.download);
  server.post('/api/reminders/run', async (req, res) => {
    const answer = deps.reminderTrigger(req.headers['x-reminder-key']);
    res.json(answer.status, answer.body);
  });

  return server;
}

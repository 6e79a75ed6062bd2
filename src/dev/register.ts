/**
 * Mounts the local chat page and its bridge on the app's own server. Only for a bot without
 * authentication (never in production): the bridge posts unauthenticated activities to the bot.
 */
import type { Request, Response, Server } from 'restify';
import type { CommitteeConfig } from '../config/load-config.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { type Bridge, createBridge } from './bridge.js';
import { devIdentities } from './identities.js';
import { browserScriptHandlers, pageHandler, webChatScriptHandler } from './page.js';

export interface DevRoutesDeps {
  readonly config: CommitteeConfig;
  /** The bot's base URL once the server listens, e.g. `http://127.0.0.1:3978`. */
  readonly botUrl: () => string;
  /** The tenant the bridge claims activities come from (must pass the tenant guard). */
  readonly tenantId: string;
  /** Runs the reminders now; the page shows "Kör påminnelser nu" only when given. */
  readonly runReminders?: () => Promise<unknown>;
  readonly logger: Logger;
  /** The app's clock, shown on the page. */
  readonly clock?: Clock;
  /** Long-poll bound in ms (default 20 s). */
  readonly pollMs?: number;
}

export interface DevRoutes {
  readonly bridge: Bridge;
  /** Ends pending long-polls; call before closing the server so it closes at once. */
  close(): void;
}

export function registerDevRoutes(server: Server, deps: DevRoutesDeps): DevRoutes {
  const identities = devIdentities(deps.config);
  const bridge = createBridge({
    botUrl: deps.botUrl,
    tenantId: deps.tenantId,
    identities,
    logger: deps.logger,
    pollMs: deps.pollMs,
  });
  bridge.mount(server);

  const clock = deps.clock;
  server.get(
    '/dev',
    pageHandler({
      identities,
      committeeName: deps.config.goals.committee.name,
      hasReminders: deps.runReminders !== undefined,
      now: clock ? () => clock.now() : undefined,
    }),
  );
  server.get('/dev/webchat.js', webChatScriptHandler());
  for (const [route, handler] of browserScriptHandlers()) server.get(route, handler);

  server.post('/dev/api/reminders/run', async (_req: Request, res: Response) => {
    if (!deps.runReminders) {
      res.json(404, { error: 'Påminnelserna finns inte i den här versionen' });
      return;
    }
    try {
      const result = await deps.runReminders();
      res.json(200, { result: result ?? null, summary: summarise(result) });
    } catch (error) {
      deps.logger.error('dev: running reminders failed', { error: String(error) });
      res.json(500, { error: 'Påminnelserna kunde inte köras. Se serverns logg.' });
    }
  });

  return { bridge, close: () => bridge.close() };
}

/** A short Swedish line about what the reminders run did, when the result says. */
function summarise(result: unknown): string {
  if (typeof result === 'number') return `${result} skickade.`;
  if (!result || typeof result !== 'object') return '';
  const r = result as Record<string, unknown>;
  const count = (key: string) => (typeof r[key] === 'number' ? (r[key] as number) : 0);
  const parts = [`${count('sent')} skickade`];
  if (count('skipped') > 0) parts.push(`${count('skipped')} redan skickade`);
  if (count('unreachable') > 0) parts.push(`${count('unreachable')} går inte att nå (ingen installation)`);
  if (count('failed') > 0) parts.push(`${count('failed')} misslyckades`);
  const closed = typeof r.closedReason === 'string' && r.closedReason ? ` ${r.closedReason}` : '';
  return `${parts.join(', ')}.${closed}`;
}

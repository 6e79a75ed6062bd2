/**
 * The composition root: reads settings and configuration, opens storage, wires the features and
 * starts the HTTP server. The only place that knows every concrete implementation.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Server } from 'restify';
import { throttleRefusals } from './audit/refusal-throttle.js';
import { FollowupBot } from './bot/followup-bot.js';
import { createAdapter, createMessagesHandler } from './bot/http.js';
import { createIdentityResolver } from './bot/identity-resolver.js';
import { createProactiveSender } from './bot/proactive.js';
import { type CardRenderer, createCardRenderer } from './cards/render.js';
import { processEnvironment } from './config/environment.js';
import { type CommitteeConfig, ConfigError, loadConfig } from './config/load-config.js';
import { applyResolved } from './config/people.js';
import { readSettings, type Settings, SettingsError } from './config/settings.js';
import { ControllerService } from './controller/service.js';
import { appClock, DEMO_BANNER, type DemoMode, seedDemoAnswers } from './dev/demo.js';
import { type DevRoutes, registerDevRoutes } from './dev/register.js';
import { createDownloadLinks } from './downloads/links.js';
import { createDownloadRoutes } from './downloads/routes.js';
import { FollowupService } from './followup/service.js';
import { createGraphAppInstaller } from './graph/app-installer.js';
import { graphTokenProvider } from './graph/token.js';
import { createNudge } from './leadership/nudge.js';
import { describeReportLink, reportLinkSource } from './leadership/report-delivery.js';
import { createFileLinks } from './leadership/report-offers.js';
import { LeadershipService } from './leadership/service.js';
import { retentionRules, runRetention } from './privacy/retention.js';
import { createRetentionScheduler, type RetentionScheduler } from './privacy/scheduler.js';
import { createReminderDelivery, type ReminderDelivery } from './reminders/delivery.js';
import type { ReminderLog } from './reminders/ports.js';
import { createReminderScheduler, defaultInstanceId, type ReminderScheduler } from './reminders/scheduler.js';
import { createReminderTrigger } from './reminders/trigger.js';
import { readReportTemplate, TemplateError } from './reporting/report-template.js';
import { createServer } from './server.js';
import type { Clock } from './shared/clock.js';
import { createInFlight } from './shared/in-flight.js';
import { createLogger, type Logger } from './shared/logger.js';
import { swedishDateTime } from './shared/swedish-format.js';
import { openStorage, type Storage, storageTargetFrom } from './storage/index.js';

export interface RunningApp {
  readonly url: string;
  readonly server: Server;
  readonly settings: Settings;
  readonly config: CommitteeConfig;
  readonly storage: Storage;
  readonly clock: Clock;
  readonly reminders: ReminderScheduler;
  /** Gallring: daily on its own timer with RETENTION_SCHEDULER on; `runOnce` for tests. */
  readonly retention: RetentionScheduler;
  /** The local chat page and its bridge (`/dev`), only while bot authentication is off. */
  readonly dev: DevRoutes | null;
  /** Demo mode: the clock frozen inside August 2024, earlier months and part of August seeded. */
  readonly demo: boolean;
  /** Graceful: stop accepting, let turns in flight finish (bounded), stop background work, close storage. */
  stop(): Promise<void>;
}

export interface ProcessDeliveryDeps {
  readonly settings: Settings;
  readonly adapter: ReturnType<typeof createAdapter>;
  readonly reminderLog: ReminderLog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly renderer?: CardRenderer;
}

/**
 * The process's one delivery (src/reminders/delivery.ts), for the app and the reminders CLI alike:
 * proactive messages through botbuilder, and, with TEAMS_APP_CATALOG_ID, app installs through
 * Microsoft Graph. Scheduled reminders, "Påminn dem nu" and installs share its claims protocol,
 * throttles and concurrency bound. Without TEAMS_APP_CATALOG_ID there are no installs: the
 * escalation then says who is not reached and what IT can do.
 */
export function createProcessDelivery(deps: ProcessDeliveryDeps): ReminderDelivery {
  const { settings, clock, logger } = deps;
  const installer = settings.appInstall
    ? createGraphAppInstaller({
        baseUrl: settings.appInstall.graphBaseUrl,
        catalogAppId: settings.appInstall.catalogAppId,
        token: graphTokenProvider(
          settings.bot,
          settings.bot.tenantId || (settings.allowedTenantIds[0] ?? ''),
        ),
      })
    : undefined;
  return createReminderDelivery({
    reminderLog: deps.reminderLog,
    sender: createProactiveSender(deps.adapter, settings.bot.appId),
    ...(installer ? { installer } : {}),
    clock,
    logger,
    ...(deps.renderer ? { renderer: deps.renderer } : {}),
  });
}

/** How long a shutdown waits for turns in flight (App Service gives a container 30 s after SIGTERM). */
const DRAIN_MS = 10_000;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export interface StartOptions {
  /**
   * `auto` (what `npm start` uses): with the shipped demo configuration, no FOLLOWUP_NOW and
   * outside production, freeze the clock inside August 2024 and seed the months up to it. Tests
   * start without it unless they ask.
   */
  readonly demo?: DemoMode;
  /**
   * Embedded storage is lost for good (Azurite died and could not be restarted): the message is
   * Swedish, for the person running the app. `main` stops the process; by default it is logged.
   */
  readonly onStorageLost?: (message: string) => void;
}

export async function startApp(
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningApp> {
  const settings = readSettings(env);
  // Checked before anything starts: a template with a bad placeholder stops the start, naming it.
  const reportTemplate = await readReportTemplate(settings.reportTemplate);
  // Embedded Azurite takes a second or more to start: it starts while the configuration is read.
  const opening = openStorage(storageTargetFrom(settings.storage), settings.tablePrefix, {
    onRestarted: (info) => logger.warn('embedded Azurite exited and was restarted', info),
    onLost: (message) => {
      logger.error('embedded Azurite lost', { error: message });
      options.onStorageLost?.(message);
    },
  });
  // Handled below; this only keeps a failure while the configuration loads from counting as unhandled.
  opening.catch(() => undefined);
  let config: CommitteeConfig;
  try {
    config = await loadConfig(settings.configDir);
  } catch (error) {
    await opening.then(
      (storage) => storage.close(),
      () => undefined,
    );
    throw error;
  }
  const storage = await opening;
  const { clock, demo } = appClock(settings, config, options.demo ?? 'off');
  // People given by UPN or e-mail alone whom the bot has met before: their object ids.
  applyResolved(config.organisation, await storage.identities.list());
  if (demo) await seedDemoAnswers({ config, answers: storage.answers, clock });
  const inFlight = createInFlight();
  const committeeId = config.goals.committee.id;
  // Refusals reach the audit in bounded volume (src/audit/refusal-throttle.ts); everything else as is.
  const audit = throttleRefusals(storage.audit, storage.refusals, {
    limitPerHour: settings.auditRefusalsPerHour,
    now: () => Date.now(),
    logger,
  });
  const followup = new FollowupService({ config, answers: storage.answers, audit, clock });
  const renderer = createCardRenderer();
  const adapter = createAdapter(settings.bot, logger);
  const delivery = createProcessDelivery({
    settings,
    adapter,
    reminderLog: storage.reminders,
    clock,
    logger,
    renderer,
  });
  const instanceId = defaultInstanceId();
  const reminderDeps = {
    config,
    clock,
    answers: storage.answers,
    reminderLog: storage.reminders,
    conversations: storage.conversations,
    pauses: storage.pauses,
    snoozes: storage.snoozes,
    delivery,
    logger,
    instanceId,
  };
  const leadership = new LeadershipService({
    config,
    answers: storage.answers,
    decisions: storage.decisions,
    audit,
    clock,
    nudge: createNudge(reminderDeps),
    reportTemplate,
  });
  // Without a configured secret, consent cards are signed with a key that lives as long as the process.
  const fileLinks = createFileLinks(settings.fileLinkSecret ?? randomBytes(32).toString('base64url'), () =>
    Date.now(),
  );
  const downloads = createDownloadLinks({
    store: storage.links,
    publicUrl: settings.publicUrl,
    now: () => Date.now(),
  });
  const controller = new ControllerService({ config, answers: storage.answers, audit, clock });
  const bot = new FollowupBot({
    followup,
    leadership,
    controller,
    fileLinks,
    offers: storage.files,
    downloads,
    config,
    conversations: storage.conversations,
    pauses: storage.pauses,
    snoozes: storage.snoozes,
    welcomes: storage.welcomes,
    renderer,
    clock,
    logger,
    identities: createIdentityResolver({ config, identities: storage.identities, clock, logger }),
  });
  const reminders = createReminderScheduler({
    ...reminderDeps,
    intervalMs: settings.reminderIntervalMinutes * 60_000,
  });
  const retention = createRetentionScheduler({
    run: () =>
      runRetention(
        { store: storage.privacy, audit: storage.audit, committeeId, now: () => clock.now() },
        retentionRules(settings.retention, config, clock.now(), new Date()),
      ),
    logger,
  });
  const server = createServer({
    logger,
    pingStorage: () => storage.ping(),
    version: packageVersion(),
    messages: createMessagesHandler({
      adapter,
      bot,
      allowedTenantIds: settings.allowedTenantIds,
      logger,
      inFlight,
      auditRefusal: ({ reason, status, tenant }) =>
        audit.append({
          committeeId,
          at: clock.now().toISOString(),
          actor: null,
          action: 'request.refused',
          outcome: 'refused',
          details: { reason, status, tenant },
        }),
    }),
    downloads: createDownloadRoutes({
      links: storage.links,
      audit,
      committeeId,
      logger,
      now: () => Date.now(),
      source: reportLinkSource({ leadership, offers: storage.files, now: () => Date.now() }),
      describe: describeReportLink(config),
      formatTime: (iso) => swedishDateTime(iso, config.calendar.timeZone, { year: false }),
    }),
    reminderTrigger: createReminderTrigger({
      key: settings.reminderTriggerKey,
      isRunning: () => reminders.isRunning(),
      run: () => reminders.runOnce(),
      logger,
    }),
  });
  let listenPort = 0;
  // Never in production: settings refuse BOT_AUTH=off there, and auth on means no dev page.
  const dev =
    settings.production || settings.bot.authEnabled
      ? null
      : registerDevRoutes(server, {
          config,
          botUrl: () => `http://${loopbackFor(settings.host)}:${listenPort}`,
          tenantId: settings.allowedTenantIds[0] ?? (settings.bot.tenantId || 'dev-tenant'),
          runReminders: () => reminders.runOnce(),
          logger,
          clock,
        });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => resolve());
    });
  } catch (error) {
    await storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  listenPort = port;
  if (settings.reminderScheduler) reminders.start();
  if (settings.retentionScheduler) retention.start();
  let stopped: Promise<void> | null = null;
  return {
    url: ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(settings.host)
      ? `http://localhost:${port}`
      : `http://${loopbackFor(settings.host)}:${port}`,
    server,
    settings,
    config,
    storage,
    clock,
    reminders,
    retention,
    dev,
    demo,
    stop: () => {
      stopped ??= (async () => {
        // Open long-polls of the chat page would otherwise hold the server open.
        dev?.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // A browser's keep-alive sockets (the chat page polls again at once) never go idle on
        // their own: close the idle ones now and the rest once the turns in flight are done.
        server.server.closeIdleConnections();
        await reminders.stop();
        await retention.stop();
        const left = await inFlight.drain(DRAIN_MS);
        if (left > 0) logger.warn('shutdown with turns still in flight', { left });
        server.server.closeAllConnections();
        await closed;
        await storage.close();
      })();
      return stopped;
    },
  };
}

/** Where this process reaches its own server: the listening address, or loopback for a wildcard. */
function loopbackFor(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function main(): Promise<void> {
  const logger = createLogger();
  // A bug in one turn must not take the bot down for everyone: log it and go on.
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { error: reason instanceof Error ? reason.stack : String(reason) });
  });
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception', { error: error.stack ?? String(error) });
  });
  let app: RunningApp | undefined;
  // Without storage nothing can be saved: say why and stop, rather than answer "try again" forever.
  const onStorageLost = (message: string) => {
    console.error(message);
    void (app?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  try {
    app = await startApp(processEnvironment(), logger, { demo: 'auto', onStorageLost });
  } catch (error) {
    if (error instanceof SettingsError || error instanceof ConfigError || error instanceof TemplateError) {
      console.error(error.message);
    } else {
      console.error('Uppföljningsboten kunde inte starta:', error);
    }
    process.exit(1);
  }
  const { config, settings } = app;
  console.log(
    [
      `Uppföljningsboten för ${config.goals.committee.name} kör på ${app.url}`,
      `  Hälsa:         ${app.url}/healthz`,
      `  Lagring:       ${app.storage.description}`,
      `  Konfiguration: ${settings.configDir} (${config.goalList.length} nämndmål, ${config.units.length} enheter)`,
      ...(settings.frozenNow ? [`  Klockan står på ${settings.frozenNow.toISOString()} (FOLLOWUP_NOW)`] : []),
      ...(app.dev ? [`  Testsida:      ${app.url}/dev  (Web Chat utan Teams)`] : []),
      ...(app.dev && !['127.0.0.1', '::1'].includes(settings.host)
        ? [
            `  VARNING: testsidan nås från nätverket (HOST=${settings.host}); alla där kan agera som vem som helst`,
          ]
        : []),
      ...(app.demo ? [`  ${DEMO_BANNER}`] : []),
      ...(settings.bot.authEnabled
        ? []
        : ['  OBS: inkommande anrop autentiseras inte (bara för utveckling)']),
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second Ctrl+C: the person wants out now, whatever is still draining.
      console.error('Avbryter direkt.');
      process.exit(130);
    }
    stopping = true;
    logger.info('shutting down', { signal });
    if (process.stdout.isTTY) console.log('Stänger av … (Ctrl+C igen avbryter direkt)');
    // Bounded even if storage or a turn hangs: the drain's own bound plus time to close storage.
    setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, DRAIN_MS + 5_000).unref();
    await app.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

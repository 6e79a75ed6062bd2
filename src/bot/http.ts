/**
 * `POST /api/messages`: the Bot Framework endpoint, through botbuilder's CloudAdapter with
 * ConfigurationBotFrameworkAuthentication, behind our own tenant guard.
 *
 * A SingleTenant bot with BOT_FEDERATED_CLIENT_ID gets its tokens without any secret: a
 * user-assigned managed identity, trusted by the app registration through a federated identity
 * credential, is exchanged for the app's token (botframework-connector's
 * FederatedServiceClientCredentialsFactory). botbuilder does not re-export that factory.
 */
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  FederatedServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { BotSettings } from '../config/settings.js';
import type { InFlight } from '../shared/in-flight.js';
import type { Logger } from '../shared/logger.js';
import type { FollowupBot } from './followup-bot.js';

const SOMETHING_WENT_WRONG = 'Något gick fel, försök igen om en stund.';

/**
 * CloudAdapter with its activity processing reachable: `process()` answers a body without `type`
 * with 500 and prints every authentication failure with its stack (console.error), so the
 * messages handler validates and answers the HTTP side itself.
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates and runs one activity; the invoke response, if the turn made one. */
  run(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The credentials factory for the bot's outgoing calls and app id checks: the federated one for a
 * SingleTenant bot with a managed identity's client id, otherwise botbuilder's default, built from
 * the options (password, UserAssignedMSI, or no authentication at all).
 */
export function credentialsFactoryFor(bot: BotSettings): ServiceClientCredentialsFactory | undefined {
  if (!bot.authEnabled || bot.appType !== 'SingleTenant' || !bot.federatedClientId) return undefined;
  return new FederatedServiceClientCredentialsFactory(bot.appId, bot.federatedClientId, bot.tenantId);
}

export function createAdapter(bot: BotSettings, logger: Logger): BotAdapter {
  // botbuilder treats an empty MicrosoftAppId as "no authentication"; settings only allow that
  // outside production (BOT_AUTH=off or no app id), and we pass nothing at all in that case.
  const options: ConfigurationBotFrameworkAuthenticationOptions = bot.authEnabled
    ? {
        MicrosoftAppId: bot.appId,
        MicrosoftAppPassword: bot.appPassword,
        MicrosoftAppType: bot.appType,
        MicrosoftAppTenantId: bot.tenantId,
      }
    : {};
  const adapter = new BotAdapter(
    new ConfigurationBotFrameworkAuthentication(options, credentialsFactoryFor(bot)),
  );
  adapter.onTurnError = async (context, error) => {
    logger.error('turn failed', {
      error: error instanceof Error ? error.stack : String(error),
      activityId: context.activity.id,
      conversationId: context.activity.conversation?.id,
      type: context.activity.type,
    });
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity(SOMETHING_WENT_WRONG);
      } catch {
        // The connector itself may be what failed; the log line above is what remains.
      }
    }
  };
  return adapter;
}

interface TenantBody {
  channelData?: { tenant?: { id?: unknown } };
  conversation?: { tenantId?: unknown };
}

/** The tenant an activity comes from, as Teams states it. */
export function tenantOf(body: unknown): string | null {
  const b = (body ?? {}) as TenantBody;
  const id = b.channelData?.tenant?.id ?? b.conversation?.tenantId;
  return typeof id === 'string' ? id : null;
}

export interface MessagesHandlerDeps {
  readonly adapter: BotAdapter;
  readonly bot: FollowupBot;
  /** Empty: every tenant (development). Otherwise only activities from these tenants. */
  readonly allowedTenantIds: readonly string[];
  readonly logger: Logger;
  /** Turns in progress, so a graceful shutdown can let them finish. */
  readonly inFlight: InFlight;
  /**
   * Records a refused request in the audit (rate-limited there). Nothing in a refused request is
   * trusted, so no person is named: only why, and the tenant the request claimed.
   */
  readonly auditRefusal?: (refusal: {
    readonly reason: 'tenant-not-allowed' | 'not-authenticated';
    readonly status: number;
    readonly tenant: string | null;
  }) => Promise<void>;
}

interface ActivityIds {
  id?: unknown;
  type?: unknown;
  conversation?: { id?: unknown };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * What an activity must have before botbuilder sees it: without these fields the adapter or the
 * handler throws, which would be a 500 for what is the sender's mistake. `null` when it is fine.
 */
export function activityProblem(body: unknown): string | null {
  if (!isRecord(body)) return 'the body must be an activity (a JSON object)';
  if (!isText(body.type, 64)) return 'the activity has no type';
  if (!isText(body.serviceUrl, 2_048) || !/^https?:\/\/[^\s]+$/i.test(body.serviceUrl))
    return 'the activity has no valid serviceUrl';
  if (!isRecord(body.conversation) || !isText(body.conversation.id, 1_024))
    return 'the activity has no conversation id';
  if (!isRecord(body.from) || !isText(body.from.id, 1_024)) return 'the activity has no sender';
  if (!isRecord(body.recipient) || !isText(body.recipient.id, 1_024)) return 'the activity has no recipient';
  if (body.type === 'invoke' && !isText(body.name, 256)) return 'the invoke has no name';
  for (const key of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = body[key];
    if (value !== undefined && (typeof value !== 'string' || Number.isNaN(Date.parse(value))))
      return `${key} is not a date`;
  }
  return null;
}

/** Bounds an id from a request before it goes into a log line (an id can be any length). */
export function logId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.length > MAX_LOGGED_ID ? `${value.slice(0, MAX_LOGGED_ID)}…` : value;
}

const MAX_LOGGED_ID = 128;

/** What botbuilder's own `process()` does to an activity: dates as Date, the raw text kept. */
function withDates(body: Record<string, unknown>): Activity {
  const activity: Record<string, unknown> = { ...body };
  const raw = { timestamp: 'rawTimestamp', localTimestamp: 'rawLocalTimestamp', expiration: 'rawExpiration' };
  for (const [key, rawKey] of Object.entries(raw)) {
    const value = activity[key];
    if (typeof value === 'string') {
      activity[rawKey] = value;
      activity[key] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

function statusOf(error: unknown): number | null {
  const status =
    isRecord(error) || error instanceof Error ? (error as { statusCode?: unknown }).statusCode : null;
  return typeof status === 'number' ? status : null;
}

/** The handler of `POST /api/messages`. */
export function createMessagesHandler(
  deps: MessagesHandlerDeps,
): (req: Request, res: Response) => Promise<void> {
  const allowed = new Set(deps.allowedTenantIds.map((t) => t.toLowerCase()));
  const audit = async (refusal: Parameters<NonNullable<MessagesHandlerDeps['auditRefusal']>>[0]) => {
    try {
      await deps.auditRefusal?.(refusal);
    } catch (error) {
      // The refusal stands whether or not it could be recorded.
      deps.logger.warn('could not audit a refused request', { error: String(error) });
    }
  };
  return async (req: Request, res: Response) => {
    const body: unknown = req.body;
    const ids = (isRecord(body) ? body : {}) as ActivityIds;
    // Correlation ids only, bounded: never the text or card values a person sent.
    const log = deps.logger.child({
      activityId: logId(ids.id),
      conversationId: logId(ids.conversation?.id),
      activityType: logId(ids.type),
    });
    const problem = activityProblem(body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    // botbuilder authenticates the channel, not the tenant: any Teams tenant could message a
    // multi-tenant bot. Messages and invokes alike are refused before any logic runs.
    if (allowed.size > 0) {
      const tenant = tenantOf(body);
      if (!tenant || !allowed.has(tenant.toLowerCase())) {
        log.warn('activity from a tenant that is not allowed', { tenant: logId(tenant) });
        await audit({ reason: 'tenant-not-allowed', status: 403, tenant: logId(tenant) ?? null });
        res.send(403, { error: 'tenant not allowed' });
        return;
      }
    }
    const activity = withDates(body as Record<string, unknown>);
    const authorization = req.headers.authorization;
    try {
      const invokeResponse = await deps.inFlight.track(
        deps.adapter.run(typeof authorization === 'string' ? authorization : '', activity, (context) =>
          deps.bot.run(context),
        ),
      );
      // TeamsActivityHandler answers an invoke it does not know with 501; for the sender that is
      // a bad request, not something the server failed to do.
      const status = invokeResponse?.status === 501 ? 400 : (invokeResponse?.status ?? 200);
      if (invokeResponse?.body === undefined) res.send(status);
      else res.send(status, invokeResponse.body);
    } catch (error) {
      const status = statusOf(error);
      if (status === 401 || status === 403) {
        // An expected refusal: one short line, no stack.
        log.warn('request not authenticated', {
          status,
          reason: logId(error instanceof Error ? error.message : ''),
        });
        await audit({ reason: 'not-authenticated', status, tenant: logId(tenantOf(body)) ?? null });
        if (!res.headersSent) res.send(status, { error: 'unauthorized' });
        return;
      }
      log.error('request failed', { error: error instanceof Error ? error.stack : String(error) });
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  };
}

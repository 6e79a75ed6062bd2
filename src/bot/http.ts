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
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
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
 * The credentials factory for the bot's outgoing calls and app id checks: the federated one for a
 * SingleTenant bot with a managed identity's client id, otherwise botbuilder's default, built from
 * the options (password, UserAssignedMSI, or no authentication at all).
 */
export function credentialsFactoryFor(bot: BotSettings): ServiceClientCredentialsFactory | undefined {
  if (!bot.authEnabled || bot.appType !== 'SingleTenant' || !bot.federatedClientId) return undefined;
  return new FederatedServiceClientCredentialsFactory(bot.appId, bot.federatedClientId, bot.tenantId);
}

export function createAdapter(bot: BotSettings, logger: Logger): CloudAdapter {
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
  const adapter = new CloudAdapter(
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
  readonly adapter: CloudAdapter;
  readonly bot: FollowupBot;
  /** Empty: every tenant (development). Otherwise only activities from these tenants. */
  readonly allowedTenantIds: readonly string[];
  readonly logger: Logger;
  /** Turns in progress, so a graceful shutdown can let them finish. */
  readonly inFlight: InFlight;
}

interface ActivityIds {
  id?: unknown;
  type?: unknown;
  conversation?: { id?: unknown };
}

/** The handler of `POST /api/messages`. */
export function createMessagesHandler(
  deps: MessagesHandlerDeps,
): (req: Request, res: Response) => Promise<void> {
  const allowed = new Set(deps.allowedTenantIds.map((t) => t.toLowerCase()));
  return async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as ActivityIds;
    // Correlation ids only: never the text or card values a person sent.
    const log = deps.logger.child({
      activityId: typeof body.id === 'string' ? body.id : undefined,
      conversationId: typeof body.conversation?.id === 'string' ? body.conversation.id : undefined,
      activityType: typeof body.type === 'string' ? body.type : undefined,
    });
    // botbuilder authenticates the channel, not the tenant: any Teams tenant could message a
    // multi-tenant bot. Messages and invokes alike are refused before any logic runs.
    if (allowed.size > 0) {
      const tenant = tenantOf(req.body);
      if (!tenant || !allowed.has(tenant.toLowerCase())) {
        log.warn('activity from a tenant that is not allowed', { tenant });
        res.send(403, { error: 'tenant not allowed' });
        return;
      }
    }
    try {
      await deps.inFlight.track(deps.adapter.process(req, res, (context) => deps.bot.run(context)));
    } catch (error) {
      log.error('request failed', { error: error instanceof Error ? error.stack : String(error) });
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  };
}

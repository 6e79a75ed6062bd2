/**
 * The bot's identity as main.bicep sets it up: SingleTenant, no secret, a managed identity trusted
 * through a federated identity credential. The adapter must use the federated credentials factory,
 * and the real server must refuse an activity that carries no Bot Framework token.
 */
import { randomUUID } from 'node:crypto';
import { FederatedServiceClientCredentialsFactory } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAdapter, credentialsFactoryFor } from '../../src/bot/http.js';
import type { BotSettings } from '../../src/config/settings.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';

const APP_ID = '00000000-0000-4000-8000-000000000001';
const TENANT = '11111111-1111-4111-8111-111111111111';
const MI_CLIENT = '22222222-2222-4222-8222-222222222222';

const federated: BotSettings = {
  appId: APP_ID,
  appPassword: '',
  appType: 'SingleTenant',
  tenantId: TENANT,
  authEnabled: true,
  federatedClientId: MI_CLIENT,
};

/** What the adapter was built with; botbuilder keeps these fields private. */
function factoryInside(adapter: unknown): unknown {
  const auth = (adapter as { botFrameworkAuthentication?: { inner?: { credentialsFactory?: unknown } } })
    .botFrameworkAuthentication;
  return auth?.inner?.credentialsFactory;
}

describe('the adapter for a federated SingleTenant bot', () => {
  it('uses FederatedServiceClientCredentialsFactory with the app id, the identity and the tenant', async () => {
    const factory = credentialsFactoryFor(federated);
    expect(factory).toBeInstanceOf(FederatedServiceClientCredentialsFactory);
    expect(factory).toMatchObject({ appId: APP_ID, clientId: MI_CLIENT, tenantId: TENANT });
    expect(await factory?.isValidAppId(APP_ID)).toBe(true);
    expect(await factory?.isValidAppId(MI_CLIENT)).toBe(false);
    expect(await factory?.isAuthenticationDisabled()).toBeFalsy();

    const built = factoryInside(createAdapter(federated, silentLogger));
    expect(built).toBeInstanceOf(FederatedServiceClientCredentialsFactory);
    expect(built).toMatchObject({ appId: APP_ID, clientId: MI_CLIENT, tenantId: TENANT });
  });

  it('keeps botbuilder’s own factory for a secret, the legacy UserAssignedMSI and a local bot', () => {
    const others: BotSettings[] = [
      { ...federated, federatedClientId: undefined, appPassword: 'x' },
      { ...federated, federatedClientId: undefined, appType: 'UserAssignedMSI' },
      { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', authEnabled: false },
    ];
    for (const bot of others) {
      expect(credentialsFactoryFor(bot)).toBeUndefined();
      expect(factoryInside(createAdapter(bot, silentLogger))).not.toBeInstanceOf(
        FederatedServiceClientCredentialsFactory,
      );
    }
  });
});

describe('the real server with the federated identity', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(
      {
        PORT: '0',
        STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
        TABLE_PREFIX: `f${randomUUID().replace(/-/g, '').slice(0, 12)}`,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppId: APP_ID,
        MicrosoftAppTenantId: TENANT,
        BOT_FEDERATED_CLIENT_ID: MI_CLIENT,
        ALLOWED_TENANT_IDS: TENANT,
        REMINDER_SCHEDULER: 'off',
      },
      silentLogger,
    );
  });
  afterAll(async () => {
    await app?.stop();
  });

  const activity = (tenantId: string) => ({
    type: 'message',
    id: 'a-1',
    text: 'hjälp',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:user', aadObjectId: randomUUID() },
    recipient: { id: `28:${APP_ID}` },
    conversation: { id: 'c-1', conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
  });

  it('refuses an activity from the allowed tenant that carries no token', async () => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(TENANT)),
    });
    expect(res.status).toBe(401);
  });

  it('refuses an activity from another tenant before authentication', async () => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('33333333-3333-4333-8333-333333333333')),
    });
    expect(res.status).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../../src/config/settings.js';

const APP_ID = '00000000-0000-4000-8000-000000000001';
const TENANT = '11111111-1111-4111-8111-111111111111';

function problemsOf(env: Record<string, string>): string[] {
  try {
    readSettings(env, '/srv/app');
  } catch (error) {
    if (error instanceof SettingsError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('settings', () => {
  it('runs locally with no configuration at all: embedded storage, no bot auth, port 3978', () => {
    const s = readSettings({}, '/srv/app');
    expect(s.port).toBe(3978);
    expect(s.storage).toEqual({ kind: 'embedded', dataDir: '/srv/app/.data' });
    expect(s.bot.authEnabled).toBe(false);
    expect(s.frozenNow).toBeNull();
  });

  it('uses Azure when a connection string or an account URL is given', () => {
    expect(readSettings({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage.kind).toBe(
      'connectionString',
    );
    expect(
      readSettings({ STORAGE_ACCOUNT_URL: 'https://konto.table.core.windows.net/', AZURE_CLIENT_ID: 'abc' })
        .storage,
    ).toEqual({
      kind: 'accountUrl',
      url: 'https://konto.table.core.windows.net',
      managedIdentityClientId: 'abc',
    });
  });

  it('turns the reminder trigger on only with a key of at least 32 characters', () => {
    expect(readSettings({}).reminderTriggerKey).toBeNull();
    const key = 'a'.repeat(32);
    expect(readSettings({ REMINDER_TRIGGER_KEY: key }).reminderTriggerKey).toBe(key);
    expect(problemsOf({ REMINDER_TRIGGER_KEY: 'hemligt' })).toEqual([
      'REMINDER_TRIGGER_KEY ska vara minst 32 tecken lång',
    ]);
  });

  it('installs through Graph only with a Teams app catalog id; Graph at its public address by default', () => {
    expect(readSettings({}).appInstall).toBeNull();
    const id = '5f3e1a2b-0c4d-4e5f-8a9b-1c2d3e4f5a6b';
    expect(readSettings({ TEAMS_APP_CATALOG_ID: id }).appInstall).toEqual({
      catalogAppId: id,
      graphBaseUrl: 'https://graph.microsoft.com/v1.0',
    });
    expect(
      readSettings({ TEAMS_APP_CATALOG_ID: id, GRAPH_BASE_URL: 'http://127.0.0.1:4000/v1.0/' }).appInstall,
    ).toMatchObject({ graphBaseUrl: 'http://127.0.0.1:4000/v1.0' });
    expect(problemsOf({ TEAMS_APP_CATALOG_ID: 'uppfoljningsboten' })).toEqual([
      'TEAMS_APP_CATALOG_ID ska vara appens id i organisationens appkatalog (ett GUID)',
    ]);
  });

  it('freezes the clock with FOLLOWUP_NOW', () => {
    expect(readSettings({ FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00' }).frozenNow?.toISOString()).toBe(
      '2024-09-03T08:00:00.000Z',
    );
  });

  it('lists every problem at once, in Swedish', () => {
    const problems = problemsOf({
      PORT: 'åttio',
      FOLLOWUP_NOW: 'igår',
      MicrosoftAppType: 'Någon',
      ALLOWED_TENANT_IDS: 'inte-ett-guid',
      STORAGE_CONNECTION_STRING: 'x',
      STORAGE_ACCOUNT_URL: 'https://a.table.core.windows.net',
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT.*åttio/);
    expect(problems.join('\n')).toMatch(/FOLLOWUP_NOW/);
    expect(problems.join('\n')).toMatch(/MicrosoftAppType/);
    expect(problems.join('\n')).toMatch(/ALLOWED_TENANT_IDS/);
    expect(problems.join('\n')).toMatch(/inte båda/);
  });

  it('refuses to run in production without credentials, tenant and real storage', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      BOT_AUTH: 'off',
      FOLLOWUP_NOW: '2024-09-03T10:00:00Z',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/MicrosoftAppId saknas/);
    expect(text).toMatch(/BOT_AUTH=off är inte tillåtet/);
    expect(text).toMatch(/inbyggd Azurite är bara för utveckling/);
    expect(text).toMatch(/FOLLOWUP_NOW är inte tillåtet/);
    expect(text).toMatch(/MicrosoftAppType måste anges i produktion/);
    expect(text).toMatch(/MicrosoftAppTenantId \(GUID\) krävs i produktion/);
  });

  it('accepts a complete production setup and admits only its own tenant', () => {
    const s = readSettings({
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      STORAGE_ACCOUNT_URL: 'https://konto.table.core.windows.net',
      WEBSITE_HOSTNAME: 'uppfoljning.azurewebsites.net',
    });
    expect(s.bot.authEnabled).toBe(true);
    expect(s.publicUrl).toBe('https://uppfoljning.azurewebsites.net');
    expect(s.allowedTenantIds).toEqual([TENANT]);
  });

  it('authenticates locally as soon as an app id is set', () => {
    expect(problemsOf({ MicrosoftAppId: APP_ID })).toEqual(['MicrosoftAppPassword saknas för MultiTenant']);
    expect(readSettings({ MicrosoftAppId: APP_ID, BOT_AUTH: 'off' }).bot.authEnabled).toBe(false);
  });

  it('treats any NODE_ENV but development and test as production, in any case', () => {
    for (const value of ['Production', 'PRODUCTION', ' production ', 'prod', 'staging', 'produktion']) {
      const problems = problemsOf({ NODE_ENV: value });
      expect(problems.join('\n'), value).toMatch(/MicrosoftAppId saknas/);
      expect(problems.join('\n'), value).toMatch(/inbyggd Azurite är bara för utveckling/);
    }
    expect(problemsOf({ NODE_ENV: 'Produktion' }).at(-1)).toBe(
      'NODE_ENV="Produktion" räknas som produktion: bara development och test är utveckling',
    );
    for (const value of ['development', 'Development', 'TEST', 'test']) {
      expect(readSettings({ NODE_ENV: value }, '/srv/app').production, value).toBe(false);
    }
  });

  it('counts Azure App Service without NODE_ENV as production', () => {
    expect(problemsOf({ WEBSITE_SITE_NAME: 'app-uppfoljning' }).join('\n')).toMatch(/MicrosoftAppId saknas/);
    expect(readSettings({ WEBSITE_SITE_NAME: 'app-uppfoljning', NODE_ENV: 'development' }).production).toBe(
      false,
    );
  });

  it('keeps records until told, gallrar operational data by default, and reads days or "off" per kind', () => {
    const defaults = readSettings({}, '/srv/app');
    expect(defaults.retention).toEqual({
      answersDays: null,
      auditDays: null,
      remindersDays: 400,
      contactsDays: 90,
      pausesDays: 30,
      linksDays: 7,
    });
    expect(defaults.retentionScheduler).toBe(true);
    expect(defaults.auditRefusalsPerHour).toBe(20);
    const set = readSettings(
      {
        RETENTION_ANSWERS_DAYS: '3650',
        RETENTION_LINKS_DAYS: 'OFF',
        RETENTION_SCHEDULER: 'off',
        AUDIT_REFUSALS_PER_HOUR: '5',
      },
      '/srv/app',
    );
    expect(set.retention).toMatchObject({ answersDays: 3650, linksDays: null, contactsDays: 90 });
    expect(set.retentionScheduler).toBe(false);
    expect(set.auditRefusalsPerHour).toBe(5);
    expect(problemsOf({ RETENTION_AUDIT_DAYS: 'tio år', AUDIT_REFUSALS_PER_HOUR: '0' })).toEqual([
      'RETENTION_AUDIT_DAYS ska vara ett antal dagar (1–36500) eller "off" (sparas tills vidare), inte "tio år"',
      'AUDIT_REFUSALS_PER_HOUR ska vara ett heltal 1–1000, inte "0"',
    ]);
  });

  it('listens on loopback in development and on every interface in production, unless HOST says', () => {
    expect(readSettings({}, '/srv/app').host).toBe('127.0.0.1');
    expect(readSettings({ HOST: '0.0.0.0' }, '/srv/app').host).toBe('0.0.0.0');
    const production = {
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      STORAGE_ACCOUNT_URL: 'https://konto.table.core.windows.net',
      PUBLIC_URL: 'https://uppfoljning.kommun.se',
    };
    expect(readSettings(production).host).toBe('0.0.0.0');
    expect(readSettings({ ...production, HOST: '10.0.0.4' }).host).toBe('10.0.0.4');
    expect(problemsOf({ HOST: 'alla' })).toEqual([
      'HOST ska vara en IP-adress att lyssna på, t.ex. 127.0.0.1 eller 0.0.0.0, inte ”alla”',
    ]);
  });
});

describe('the bot identity', () => {
  const MI_CLIENT = '22222222-2222-4222-8222-222222222222';
  const production = {
    NODE_ENV: 'production',
    MicrosoftAppId: APP_ID,
    MicrosoftAppTenantId: TENANT,
    STORAGE_ACCOUNT_URL: 'https://konto.table.core.windows.net',
    WEBSITE_HOSTNAME: 'uppfoljning.azurewebsites.net',
  };

  it('accepts SingleTenant with a federated managed identity and no secret (what main.bicep sets)', () => {
    const s = readSettings({
      ...production,
      MicrosoftAppType: 'SingleTenant',
      BOT_FEDERATED_CLIENT_ID: MI_CLIENT,
      AZURE_CLIENT_ID: MI_CLIENT,
      ALLOWED_TENANT_IDS: TENANT,
    });
    expect(s.bot).toEqual({
      appId: APP_ID,
      appPassword: '',
      appType: 'SingleTenant',
      tenantId: TENANT,
      authEnabled: true,
      federatedClientId: MI_CLIENT,
    });
    expect(s.allowedTenantIds).toEqual([TENANT]);
  });

  it('still accepts SingleTenant with a client secret, and the legacy UserAssignedMSI', () => {
    const secret = readSettings({
      ...production,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: 'x',
    });
    expect(secret.bot.appPassword).toBe('x');
    expect(secret.bot.federatedClientId).toBeUndefined();
    expect(readSettings({ ...production, MicrosoftAppType: 'UserAssignedMSI' }).bot.appType).toBe(
      'UserAssignedMSI',
    );
  });

  it('refuses SingleTenant with neither a secret nor a federated identity, or with both', () => {
    expect(problemsOf({ ...production, MicrosoftAppType: 'SingleTenant' })).toEqual([
      'SingleTenant kräver BOT_FEDERATED_CLIENT_ID (den hanterade identitetens klient-id, rekommenderas) eller MicrosoftAppPassword',
    ]);
    expect(
      problemsOf({
        ...production,
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppPassword: 'x',
        BOT_FEDERATED_CLIENT_ID: MI_CLIENT,
      }),
    ).toEqual(['Ange MicrosoftAppPassword eller BOT_FEDERATED_CLIENT_ID för SingleTenant, inte båda']);
  });

  it('refuses a federated client id that is not a GUID, or with another app type', () => {
    expect(
      problemsOf({
        ...production,
        MicrosoftAppType: 'SingleTenant',
        BOT_FEDERATED_CLIENT_ID: 'id-uppfoljning',
      }),
    ).toEqual(['BOT_FEDERATED_CLIENT_ID ska vara ett GUID']);
    expect(
      problemsOf({ ...production, MicrosoftAppType: 'UserAssignedMSI', BOT_FEDERATED_CLIENT_ID: MI_CLIENT }),
    ).toEqual(['BOT_FEDERATED_CLIENT_ID gäller bara MicrosoftAppType SingleTenant, inte UserAssignedMSI']);
    expect(
      problemsOf({
        ...production,
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppPassword: 'x',
        BOT_FEDERATED_CLIENT_ID: MI_CLIENT,
      }),
    ).toEqual(['BOT_FEDERATED_CLIENT_ID gäller bara MicrosoftAppType SingleTenant, inte MultiTenant']);
  });

  it('refuses SingleTenant without its tenant', () => {
    const { MicrosoftAppTenantId: _, ...withoutTenant } = production;
    const problems = problemsOf({
      ...withoutTenant,
      MicrosoftAppType: 'SingleTenant',
      BOT_FEDERATED_CLIENT_ID: MI_CLIENT,
    });
    expect(problems).toContain('MicrosoftAppTenantId (GUID) krävs för SingleTenant');
  });

  it('never runs production without a tenant allow-list', () => {
    const { MicrosoftAppTenantId: _, ...withoutTenant } = production;
    const problems = problemsOf({
      ...withoutTenant,
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppPassword: 'x',
    });
    expect(problems.join('\n')).toMatch(
      /ALLOWED_TENANT_IDS \(eller MicrosoftAppTenantId\) krävs i produktion/,
    );
    // With a tenant and no explicit list, the allow-list is the bot's own tenant; an explicit list wins.
    const own = readSettings({
      ...production,
      MicrosoftAppType: 'SingleTenant',
      BOT_FEDERATED_CLIENT_ID: MI_CLIENT,
    });
    expect(own.allowedTenantIds).toEqual([TENANT]);
    const other = '33333333-3333-4333-8333-333333333333';
    const listed = readSettings({
      ...production,
      MicrosoftAppType: 'SingleTenant',
      BOT_FEDERATED_CLIENT_ID: MI_CLIENT,
      ALLOWED_TENANT_IDS: `${TENANT},${other}`,
    });
    expect(listed.allowedTenantIds).toEqual([TENANT, other]);
  });
});

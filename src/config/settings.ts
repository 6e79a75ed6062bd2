/**
 * Process settings from the environment, read and validated once at start-up. Nothing else in
 * the app reads `process.env`: everything it needs comes from the `Settings` built here.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type StorageSetting =
  | { readonly kind: 'embedded'; readonly dataDir: string }
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | { readonly kind: 'accountUrl'; readonly url: string; readonly managedIdentityClientId: string | null };

export interface BotSettings {
  readonly appId: string;
  readonly appPassword: string;
  readonly appType: AppType;
  readonly tenantId: string;
  /**
   * BOT_FEDERATED_CLIENT_ID: the client id of the user-assigned managed identity that the bot's
   * SingleTenant app registration trusts through a federated identity credential (no secret).
   * Empty when the bot authenticates with a password or as UserAssignedMSI.
   */
  readonly federatedClientId?: string;
  /** False only with BOT_AUTH=off outside production: incoming requests are not authenticated. */
  readonly authEnabled: boolean;
}

/**
 * Gallring: how many days each kind of data is kept; null keeps it until someone removes it.
 * Read by src/privacy/retention.ts, which says exactly what each one selects.
 */
export interface RetentionSettings {
  /** RETENTION_ANSWERS_DAYS: answers with every earlier version, and decisions; after the period locked. */
  readonly answersDays: number | null;
  /** RETENTION_AUDIT_DAYS: audit log rows, after they were written. */
  readonly auditDays: number | null;
  /** RETENTION_REMINDERS_DAYS: the reminder log of a period, after the period locked. */
  readonly remindersDays: number | null;
  /** RETENTION_CONTACTS_DAYS: conversation references, welcomes and learnt ids of people no longer in the organisation. */
  readonly contactsDays: number | null;
  /** RETENTION_PAUSES_DAYS: pauses and snoozes, after they ended. */
  readonly pausesDays: number | null;
  /** RETENTION_LINKS_DAYS: download link records, after the link expired. */
  readonly linksDays: number | null;
}

/** Defaults: records (answers, decisions, audit) are kept until the municipality decides otherwise. */
export const RETENTION_DEFAULTS: Readonly<Record<keyof RetentionSettings, number | null>> = {
  answersDays: null,
  auditDays: null,
  remindersDays: 400,
  contactsDays: 90,
  pausesDays: 30,
  linksDays: 7,
};

const RETENTION_VARIABLES: Readonly<Record<keyof RetentionSettings, string>> = {
  answersDays: 'RETENTION_ANSWERS_DAYS',
  auditDays: 'RETENTION_AUDIT_DAYS',
  remindersDays: 'RETENTION_REMINDERS_DAYS',
  contactsDays: 'RETENTION_CONTACTS_DAYS',
  pausesDays: 'RETENTION_PAUSES_DAYS',
  linksDays: 'RETENTION_LINKS_DAYS',
};

export interface Settings {
  readonly production: boolean;
  readonly port: number;
  /** HOST: the address the server listens on; loopback in development, every interface in production. */
  readonly host: string;
  readonly storage: StorageSetting;
  readonly dataDir: string;
  readonly configDir: string;
  readonly tablePrefix: string;
  readonly bot: BotSettings;
  readonly allowedTenantIds: readonly string[];
  /** FOLLOWUP_NOW: the app's clock frozen at this instant (dev and test only). */
  readonly frozenNow: Date | null;
  /** REMINDER_SCHEDULER: whether this process sends reminders on its own timer. */
  readonly reminderScheduler: boolean;
  /** REMINDER_INTERVAL_MINUTES: time between reminder passes. */
  readonly reminderIntervalMinutes: number;
  /** REMINDER_TRIGGER_KEY: the key of `POST /api/reminders/run`; null turns the route off (404). */
  readonly reminderTriggerKey: string | null;
  /**
   * TEAMS_APP_CATALOG_ID and GRAPH_BASE_URL: install the app through Microsoft Graph for people
   * who never opened the bot; null (no catalog id) turns it off.
   */
  readonly appInstall: { readonly catalogAppId: string; readonly graphBaseUrl: string } | null;
  /** PUBLIC_URL: where people reach the bot (download links); BOT_DOMAIN, WEBSITE_HOSTNAME or localhost. */
  readonly publicUrl: string;
  /** FILE_LINK_SECRET: signs the report consent card's token; random per process when not set. */
  readonly fileLinkSecret: string | null;
  readonly retention: RetentionSettings;
  /** RETENTION_SCHEDULER: whether this process runs gallring on its own timer (daily). */
  readonly retentionScheduler: boolean;
  /** AUDIT_REFUSALS_PER_HOUR: refusal rows per person (or kind of anonymous refusal) and hour. */
  readonly auditRefusalsPerHour: number;
  /**
   * REPORT_TEMPLATE: the Word template the report fills (absolute path). Its contents are checked
   * by `readReportTemplate` (src/reporting/report-template.ts) at start, right after these settings.
   */
  readonly reportTemplate: string;
}

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Inställningarna har ${problems.length} fel:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** The configuration shipped with the app (`config/` at the package root). */
export const shippedConfigDir = fileURLToPath(new URL('../../config', import.meta.url));

/** The Word template shipped with the app (`templates/rapport.docx`, `npm run template:default`). */
export const shippedTemplateFile = fileURLToPath(new URL('../../templates/rapport.docx', import.meta.url));

/**
 * NODE_ENV values (any case) that mean development. Anything else that is set means production,
 * so a typo or "Production" never starts an unauthenticated development bot.
 */
export const DEVELOPMENT_ENVIRONMENTS: readonly string[] = ['development', 'test'];

/**
 * Production unless NODE_ENV names a development environment. Unset means development (what
 * `npm start` and the tests run), except on Azure App Service (WEBSITE_SITE_NAME is set there).
 */
export function isProduction(env: Readonly<Record<string, string | undefined>>): boolean {
  const nodeEnv = (env.NODE_ENV ?? '').trim().toLowerCase();
  if (nodeEnv === '') return (env.WEBSITE_SITE_NAME ?? '').trim() !== '';
  return !DEVELOPMENT_ENVIRONMENTS.includes(nodeEnv);
}

const APP_TYPES: readonly AppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads every setting and reports every problem at once, so one restart fixes them all. */
export function readSettings(
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): Settings {
  const problems: string[] = [];
  const get = (name: string): string => (env[name] ?? '').trim();
  const production = isProduction(env);

  const portText = get('PORT') || '3978';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    problems.push(`PORT måste vara ett portnummer, inte ”${portText}”`);

  // Development mode has the unauthenticated /dev page: only this machine may reach it by default.
  const hostText = get('HOST');
  const host = hostText || (production ? '0.0.0.0' : '127.0.0.1');
  if (hostText && isIP(hostText) === 0)
    problems.push(
      `HOST ska vara en IP-adress att lyssna på, t.ex. 127.0.0.1 eller 0.0.0.0, inte ”${hostText}”`,
    );

  const dataDir = path.resolve(cwd, get('DATA_DIR') || '.data');
  const configDir = path.resolve(cwd, get('CONFIG_DIR') || shippedConfigDir);

  const tablePrefix = get('TABLE_PREFIX') || 'uppf';
  if (!/^[A-Za-z][A-Za-z0-9]{0,20}$/.test(tablePrefix)) {
    problems.push(
      'TABLE_PREFIX får bara innehålla bokstäver och siffror (högst 21 tecken) och börja med en bokstav',
    );
  }

  const connectionString = get('STORAGE_CONNECTION_STRING');
  const accountUrl = get('STORAGE_ACCOUNT_URL');
  let storage: StorageSetting = { kind: 'embedded', dataDir };
  if (connectionString && accountUrl) {
    problems.push('Ange STORAGE_CONNECTION_STRING eller STORAGE_ACCOUNT_URL, inte båda');
  } else if (connectionString) {
    if (!/(AccountName=|TableEndpoint=|UseDevelopmentStorage=true)/i.test(connectionString)) {
      problems.push('STORAGE_CONNECTION_STRING ser inte ut som en anslutningssträng för Azure Storage');
    }
    storage = { kind: 'connectionString', connectionString };
  } else if (accountUrl) {
    if (!/^https:\/\/[^/]+\/?$/.test(accountUrl)) {
      problems.push(
        'STORAGE_ACCOUNT_URL ska vara tabelltjänstens https-adress, t.ex. https://konto.table.core.windows.net',
      );
    }
    storage = {
      kind: 'accountUrl',
      url: accountUrl.replace(/\/$/, ''),
      managedIdentityClientId: get('AZURE_CLIENT_ID') || null,
    };
  }

  const appId = get('MicrosoftAppId');
  const appPassword = get('MicrosoftAppPassword');
  const federatedClientId = get('BOT_FEDERATED_CLIENT_ID');
  const appTypeText = get('MicrosoftAppType') || 'MultiTenant';
  const tenantId = get('MicrosoftAppTenantId');
  const appType = APP_TYPES.find((t) => t.toLowerCase() === appTypeText.toLowerCase());
  if (!appType) problems.push(`MicrosoftAppType måste vara ${APP_TYPES.join(', ')}, inte ”${appTypeText}”`);

  const botAuthText = get('BOT_AUTH').toLowerCase();
  if (botAuthText && botAuthText !== 'off' && botAuthText !== 'on')
    problems.push('BOT_AUTH kan bara vara "off" eller "on"');
  // An empty MicrosoftAppId silently disables botbuilder's authentication, so we decide it here:
  // production always authenticates; locally, no app id (and no BOT_AUTH=on) means a local bot.
  const authEnabled = production || botAuthText === 'on' || (botAuthText !== 'off' && appId !== '');
  if (authEnabled) {
    if (!appId) {
      problems.push(
        'MicrosoftAppId saknas: boten kan inte ta emot meddelanden från Teams utan sin app-registrering',
      );
    } else if (!GUID.test(appId)) {
      problems.push('MicrosoftAppId ska vara ett GUID');
    }
    if (appType === 'MultiTenant' && appId && !appPassword)
      problems.push('MicrosoftAppPassword saknas för MultiTenant');
    if (appType === 'SingleTenant') {
      // A SingleTenant bot proves its identity either with a client secret or, without any
      // secret, with a managed identity its app registration trusts (federated credential).
      if (appPassword && federatedClientId) {
        problems.push('Ange MicrosoftAppPassword eller BOT_FEDERATED_CLIENT_ID för SingleTenant, inte båda');
      } else if (!appPassword && !federatedClientId) {
        problems.push(
          'SingleTenant kräver BOT_FEDERATED_CLIENT_ID (den hanterade identitetens klient-id, rekommenderas) eller MicrosoftAppPassword',
        );
      }
    }
    if (federatedClientId) {
      if (!GUID.test(federatedClientId)) problems.push('BOT_FEDERATED_CLIENT_ID ska vara ett GUID');
      if (appType && appType !== 'SingleTenant') {
        problems.push(`BOT_FEDERATED_CLIENT_ID gäller bara MicrosoftAppType SingleTenant, inte ${appType}`);
      }
    }
    if (appType && appType !== 'MultiTenant' && !GUID.test(tenantId)) {
      problems.push(`MicrosoftAppTenantId (GUID) krävs för ${appType}`);
    }
  }

  const allowedTenantIds = get('ALLOWED_TENANT_IDS')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of allowedTenantIds) {
    if (!GUID.test(t)) problems.push(`ALLOWED_TENANT_IDS: ”${t}” är inte ett GUID`);
  }

  const nowText = get('FOLLOWUP_NOW');
  let frozenNow: Date | null = null;
  if (nowText) {
    const parsed = new Date(nowText);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(nowText) || Number.isNaN(parsed.getTime())) {
      problems.push(`FOLLOWUP_NOW ska vara en ISO-tidpunkt som 2024-09-03T10:00:00+02:00, inte ”${nowText}”`);
    } else {
      frozenNow = parsed;
    }
  }

  const schedulerText = get('REMINDER_SCHEDULER').toLowerCase() || 'on';
  if (schedulerText !== 'on' && schedulerText !== 'off')
    problems.push('REMINDER_SCHEDULER kan bara vara "on" eller "off"');
  const intervalText = get('REMINDER_INTERVAL_MINUTES') || '5';
  const reminderIntervalMinutes = Number(intervalText);
  if (
    !Number.isInteger(reminderIntervalMinutes) ||
    reminderIntervalMinutes < 1 ||
    reminderIntervalMinutes > 60
  ) {
    problems.push(`REMINDER_INTERVAL_MINUTES ska vara ett heltal 1–60, inte ”${intervalText}”`);
  }

  const reminderTriggerKey = get('REMINDER_TRIGGER_KEY') || null;
  // A short key could be guessed through the open route; the same floor as FILE_LINK_SECRET.
  if (reminderTriggerKey !== null && reminderTriggerKey.length < 32) {
    problems.push('REMINDER_TRIGGER_KEY ska vara minst 32 tecken lång');
  }

  const catalogAppId = get('TEAMS_APP_CATALOG_ID');
  const graphBaseUrl = (get('GRAPH_BASE_URL') || 'https://graph.microsoft.com/v1.0').replace(/\/$/, '');
  if (catalogAppId && !GUID.test(catalogAppId)) {
    problems.push('TEAMS_APP_CATALOG_ID ska vara appens id i organisationens appkatalog (ett GUID)');
  }
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(graphBaseUrl)) {
    problems.push(
      `GRAPH_BASE_URL ska vara en adress som https://graph.microsoft.com/v1.0, inte ”${graphBaseUrl}”`,
    );
  } else if (production && !graphBaseUrl.startsWith('https://')) {
    problems.push('GRAPH_BASE_URL måste vara en https-adress i produktion');
  }

  // App Service sets WEBSITE_HOSTNAME, so a deployed bot knows its address without more settings.
  const publicHost = get('BOT_DOMAIN') || get('WEBSITE_HOSTNAME');
  const publicUrl = (
    get('PUBLIC_URL') || (publicHost ? `https://${publicHost}` : `http://localhost:${port}`)
  ).replace(/\/$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(publicUrl)) {
    problems.push(`PUBLIC_URL ska vara en adress som https://uppfoljning.kommun.se, inte ”${publicUrl}”`);
  } else if (production && !publicUrl.startsWith('https://')) {
    problems.push('PUBLIC_URL (eller BOT_DOMAIN) måste vara en https-adress i produktion');
  }
  const fileLinkSecret = get('FILE_LINK_SECRET') || null;
  if (fileLinkSecret !== null && fileLinkSecret.length < 32) {
    problems.push('FILE_LINK_SECRET ska vara minst 32 tecken lång');
  }

  const retention = {} as Record<keyof RetentionSettings, number | null>;
  for (const [key, variable] of Object.entries(RETENTION_VARIABLES) as [keyof RetentionSettings, string][]) {
    const text = get(variable).toLowerCase();
    if (text === '') {
      retention[key] = RETENTION_DEFAULTS[key];
    } else if (text === 'off') {
      retention[key] = null;
    } else if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 36_500) {
      retention[key] = Number(text);
    } else {
      problems.push(
        `${variable} ska vara ett antal dagar (1–36500) eller "off" (sparas tills vidare), inte "${text}"`,
      );
    }
  }
  const retentionSchedulerText = get('RETENTION_SCHEDULER').toLowerCase() || 'on';
  if (retentionSchedulerText !== 'on' && retentionSchedulerText !== 'off')
    problems.push('RETENTION_SCHEDULER kan bara vara "on" eller "off"');
  const refusalsText = get('AUDIT_REFUSALS_PER_HOUR') || '20';
  const auditRefusalsPerHour = Number(refusalsText);
  if (!Number.isInteger(auditRefusalsPerHour) || auditRefusalsPerHour < 1 || auditRefusalsPerHour > 1_000)
    problems.push(`AUDIT_REFUSALS_PER_HOUR ska vara ett heltal 1–1000, inte "${refusalsText}"`);

  const templateText = get('REPORT_TEMPLATE');
  const reportTemplate = templateText ? path.resolve(cwd, templateText) : shippedTemplateFile;
  if (templateText && path.extname(templateText).toLowerCase() !== '.docx') {
    problems.push(
      `REPORT_TEMPLATE ska vara en Word-fil (.docx) sparad som ”Word-dokument”, inte "${templateText}"`,
    );
  }

  if (production) {
    if (botAuthText === 'off') problems.push('BOT_AUTH=off är inte tillåtet när NODE_ENV=production');
    if (storage.kind === 'embedded') {
      problems.push(
        'I produktion krävs STORAGE_ACCOUNT_URL (eller STORAGE_CONNECTION_STRING); inbyggd Azurite är bara för utveckling',
      );
    }
    if (frozenNow) problems.push('FOLLOWUP_NOW är inte tillåtet när NODE_ENV=production');
    if (!get('MicrosoftAppType'))
      problems.push('MicrosoftAppType måste anges i produktion (t.ex. SingleTenant)');
    // SingleTenant and UserAssignedMSI already require it above.
    if (appType === 'MultiTenant' && !GUID.test(tenantId)) {
      problems.push('MicrosoftAppTenantId (GUID) krävs i produktion, så att bara er egen tenant släpps in');
    }
    // The tenant guard in front of /api/messages: production never runs without an allow-list.
    // Without ALLOWED_TENANT_IDS it is the bot's own tenant (below), so this catches only a
    // production start where neither is known.
    if (allowedTenantIds.length === 0 && !GUID.test(tenantId)) {
      problems.push(
        'ALLOWED_TENANT_IDS (eller MicrosoftAppTenantId) krävs i produktion: boten släpper bara in tenanter i listan',
      );
    }
  }

  const nodeEnvText = get('NODE_ENV');
  if (production && problems.length > 0 && nodeEnvText.toLowerCase() !== 'production') {
    problems.push(
      nodeEnvText
        ? `NODE_ENV="${nodeEnvText}" räknas som produktion: bara ${DEVELOPMENT_ENVIRONMENTS.join(' och ')} är utveckling`
        : 'Utan NODE_ENV räknas Azure App Service (WEBSITE_SITE_NAME) som produktion',
    );
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return {
    production,
    port,
    host,
    storage,
    dataDir,
    configDir,
    tablePrefix,
    bot: {
      appId,
      appPassword,
      appType: appType ?? 'MultiTenant',
      tenantId,
      authEnabled,
      ...(federatedClientId ? { federatedClientId } : {}),
    },
    // Without an explicit list, a single-tenant production bot admits its own tenant only.
    allowedTenantIds:
      allowedTenantIds.length > 0 ? allowedTenantIds : production && tenantId ? [tenantId] : [],
    frozenNow,
    reminderScheduler: schedulerText !== 'off',
    reminderIntervalMinutes,
    reminderTriggerKey,
    appInstall: catalogAppId ? { catalogAppId, graphBaseUrl } : null,
    publicUrl,
    fileLinkSecret,
    retention,
    retentionScheduler: retentionSchedulerText !== 'off',
    auditRefusalsPerHour,
    reportTemplate,
  };
}

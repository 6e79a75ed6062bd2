/**
 * The settings of `npm run package` (src/cli/package.ts, src/app-package/): what the Teams app
 * package needs to know about the installation, read from the environment like the app's own
 * settings (settings.ts) and reported the same way, every problem at once.
 */
import { createHash } from 'node:crypto';
import type { Environment } from './environment.js';
import { SettingsError } from './settings.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const VERSION = /^\d{1,9}\.\d{1,9}\.\d{1,9}$/;

/**
 * Namespace of the Teams app ids `npm run package` derives (UUID v5 of the bot id): the same bot always
 * gets the same Teams app id, so a new version replaces the app in the admin center instead of
 * adding a second one, and two installations never share an id.
 */
export const TEAMS_APP_ID_NAMESPACE = '6f1d2c4e-8a3b-5c7d-9e0f-1a2b3c4d5e6f';

export interface PackageSettings {
  /** MicrosoftAppId: the bot's app (client) id: the app registration's (SingleTenant); with the legacy UserAssignedMSI the identity's client id. */
  readonly botId: string;
  readonly teamsAppId: string;
  /** BOT_DOMAIN: the host name the bot answers on, e.g. uppfoljning.example.se. */
  readonly botDomain: string;
  readonly version: string;
  readonly developer: {
    readonly name: string;
    readonly websiteUrl: string;
    readonly privacyUrl: string;
    readonly termsOfUseUrl: string;
  };
  /** TEAMS_MANIFEST_SCHEMA: another copy of the Teams manifest schema; null for the shipped one. */
  readonly manifestSchema: string | null;
}

/** RFC 4122 version 5 (SHA-1, name-based) UUID. */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Reads the packaging settings from the environment and reports every problem at once (the same
 * `SettingsError` as the app's own settings). Returns warnings for defaults a municipality should
 * replace before publishing (developer name and links).
 */
export function readPackageSettings(
  env: Environment,
  defaultVersion: string,
): { settings: PackageSettings; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const get = (name: string): string => (env[name] ?? '').trim();

  const botId = get('MicrosoftAppId').toLowerCase();
  if (!botId) {
    problems.push(
      'MicrosoftAppId saknas: botens app-id (app-registreringens klient-id, utdata BOT_ID från Bicep-mallen)',
    );
  } else if (!GUID.test(botId)) {
    problems.push(`MicrosoftAppId ska vara ett GUID, inte ”${botId}”`);
  }

  const botDomain = get('BOT_DOMAIN').toLowerCase();
  if (!botDomain) {
    problems.push(
      'BOT_DOMAIN saknas: värdnamnet boten svarar på, t.ex. uppfoljning.example.se (utdata BOT_DOMAIN från Bicep-mallen)',
    );
  } else if (/^[a-z]+:\/\/|\//i.test(botDomain)) {
    problems.push(`BOT_DOMAIN ska vara bara värdnamnet, t.ex. uppfoljning.example.se, inte ”${botDomain}”`);
  } else if (!HOSTNAME.test(botDomain)) {
    problems.push(`BOT_DOMAIN är inget giltigt värdnamn: ”${botDomain}”`);
  }

  const teamsAppIdText = get('TEAMS_APP_ID').toLowerCase();
  if (teamsAppIdText && !GUID.test(teamsAppIdText)) {
    problems.push(`TEAMS_APP_ID ska vara ett GUID, inte ”${teamsAppIdText}”`);
  }
  const teamsAppId = teamsAppIdText || (GUID.test(botId) ? uuidV5(botId, TEAMS_APP_ID_NAMESPACE) : '');

  const version = get('APP_VERSION') || defaultVersion;
  if (!VERSION.test(version)) {
    problems.push(`APP_VERSION ska vara tre tal som 1.4.0 (Teams kräver det), inte ”${version}”`);
  }

  const name = get('APP_DEVELOPER_NAME') || 'Kommunen';
  if (!get('APP_DEVELOPER_NAME')) {
    warnings.push('APP_DEVELOPER_NAME saknas: utvecklare visas som ”Kommunen” i Teams');
  }
  if (name.length > 32) problems.push(`APP_DEVELOPER_NAME får vara högst 32 tecken (är ${name.length})`);

  const fallbackUrl = HOSTNAME.test(botDomain) ? `https://${botDomain}/` : '';
  const url = (variable: string, what: string): string => {
    const value = get(variable);
    if (!value) {
      warnings.push(
        `${variable} saknas: länken till ${what} pekar på ${fallbackUrl || 'botens adress'} tills ni anger er egen`,
      );
      return fallbackUrl;
    }
    if (!/^https:\/\/[^\s/]+/i.test(value) || !URL.canParse(value)) {
      problems.push(`${variable} ska vara en https-adress, inte ”${value}”`);
    }
    return value;
  };
  const developer = {
    name,
    websiteUrl: url('APP_WEBSITE_URL', 'kommunens webbplats'),
    privacyUrl: url('APP_PRIVACY_URL', 'integritetspolicyn (behandling av personuppgifter)'),
    termsOfUseUrl: url('APP_TERMS_URL', 'användarvillkoren'),
  };

  const manifestSchema = get('TEAMS_MANIFEST_SCHEMA') || null;

  if (problems.length > 0) throw new SettingsError(problems);
  return { settings: { botId, teamsAppId, botDomain, version, developer, manifestSchema }, warnings };
}

/**
 * No Bicep CLI or Docker engine runs here, so these tests read the deployment files as text and
 * check what can go wrong between them and the app: parameters, the settings the app reads, the
 * API versions, the security settings, and the Dockerfile's stages.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/settings.js';
import { tableNames } from '../../src/storage/tables.js';

const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const exists = (file: string): boolean => existsSync(new URL(`../../${file}`, import.meta.url));

const bicep = read('deployment/main.bicep');
const parameters = JSON.parse(read('deployment/main.parameters.example.json')) as {
  $schema: string;
  parameters: Record<string, { value: unknown }>;
};

interface BicepParam {
  readonly name: string;
  readonly type: string;
  readonly hasDefault: boolean;
  readonly allowed: readonly string[] | null;
}

/** The `param` declarations with their `@allowed` lists. */
function bicepParams(text: string): BicepParam[] {
  const params: BicepParam[] = [];
  let allowed: string[] | null = null;
  let inAllowed = false;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line.startsWith('@allowed([')) {
      inAllowed = true;
      allowed = [];
      continue;
    }
    if (inAllowed) {
      if (line.startsWith('])')) inAllowed = false;
      else allowed?.push(line.replace(/^'|'$/g, ''));
      continue;
    }
    const m = /^param\s+(\w+)\s+(\w+)(\s*=)?/.exec(line);
    if (m) {
      params.push({ name: m[1] ?? '', type: m[2] ?? '', hasDefault: Boolean(m[3]), allowed });
      allowed = null;
    }
  }
  return params;
}

/** Every app setting name in the template (`{ name: 'X' value: ... }`). */
function appSettingNames(text: string): string[] {
  return [...text.matchAll(/\{\s*name:\s*'([A-Za-z_]+)'\s*value:/g)].map((m) => m[1] ?? '');
}

/** The environment variables src/config/settings.ts reads. */
const settingsNames = [...read('src/config/settings.ts').matchAll(/get\('([A-Za-z_]+)'\)/g)].map(
  (m) => m[1] ?? '',
);

/** Settings the platform, not the app, reads. */
const PLATFORM_SETTINGS = [
  'WEBSITE_RUN_FROM_PACKAGE',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'WEBSITES_PORT',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'ApplicationInsightsAgent_EXTENSION_VERSION',
];

/** What a production start needs (README's settings table and readSettings' production checks). */
const PRODUCTION_SETTINGS = [
  'NODE_ENV',
  'MicrosoftAppType',
  'MicrosoftAppId',
  'MicrosoftAppTenantId',
  'BOT_FEDERATED_CLIENT_ID',
  'STORAGE_ACCOUNT_URL',
  'AZURE_CLIENT_ID',
  'ALLOWED_TENANT_IDS',
];

describe('deployment/main.bicep and its parameters example', () => {
  const params = bicepParams(bicep);

  it('declares the parameters the example gives, and the example gives every required one', () => {
    expect(params.length).toBeGreaterThan(5);
    const declared = params.map((p) => p.name);
    expect(Object.keys(parameters.parameters).filter((name) => !declared.includes(name))).toEqual([]);
    const required = params.filter((p) => !p.hasDefault).map((p) => p.name);
    expect(required).toEqual(['resourceBaseName']);
    for (const name of required) expect(parameters.parameters).toHaveProperty(name);
    expect(parameters.$schema).toMatch(/deploymentParameters\.json#$/);
  });

  it('gives values of the declared type and from the allowed lists', () => {
    for (const p of params) {
      const given = parameters.parameters[p.name];
      if (!given) continue;
      const expected = {
        string: 'string',
        bool: 'boolean',
        int: 'number',
        object: 'object',
        array: 'object',
      }[p.type];
      expect(typeof given.value, p.name).toBe(expected);
      if (p.allowed) expect(p.allowed, p.name).toContain(given.value);
    }
  });

  it('sets only settings that the app or the platform reads, and every setting production needs', () => {
    const names = appSettingNames(bicep);
    expect(names.filter((n) => !settingsNames.includes(n) && !PLATFORM_SETTINGS.includes(n))).toEqual([]);
    for (const n of PRODUCTION_SETTINGS) {
      expect(settingsNames, n).toContain(n);
      expect(names, n).toContain(n);
    }
    expect(bicep).toMatch(/name: 'MicrosoftAppType'\s*value: 'SingleTenant'/);
    expect(bicep).toMatch(/name: 'MicrosoftAppId'\s*value: botAppId/);
    expect(bicep).toMatch(/name: 'MicrosoftAppTenantId'\s*value: tenant\(\)\.tenantId/);
    expect(bicep).toMatch(/name: 'BOT_FEDERATED_CLIENT_ID'\s*value: identity\.properties\.clientId/);
    expect(bicep).toMatch(/name: 'AZURE_CLIENT_ID'\s*value: identity\.properties\.clientId/);
    expect(bicep).toMatch(/name: 'NODE_ENV'\s*value: 'production'/);
    expect(bicep).toMatch(
      /name: 'STORAGE_ACCOUNT_URL'\s*value: storage\.properties\.primaryEndpoints\.table/,
    );
  });

  it('gives settings that pass the app’s own production checks, with no secret', () => {
    // The values as Azure fills them in: the app registration's and the identity's client ids,
    // the tenant and the table endpoint.
    const appId = '33333333-3333-4333-8333-333333333333';
    const clientId = '22222222-2222-4222-8222-222222222222';
    const tenantId = '11111111-1111-4111-8111-111111111111';
    const env = {
      NODE_ENV: 'production',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppId: appId,
      MicrosoftAppTenantId: tenantId,
      BOT_FEDERATED_CLIENT_ID: clientId,
      STORAGE_ACCOUNT_URL: 'https://stuppfoljningabc123.table.core.windows.net/',
      AZURE_CLIENT_ID: clientId,
      ALLOWED_TENANT_IDS: String(parameters.parameters.allowedTenantIds?.value),
      TABLE_PREFIX: String(parameters.parameters.tablePrefix?.value),
      PORT: '8080',
    };
    expect(Object.keys(env).sort()).toEqual(
      appSettingNames(bicep)
        .filter((n) => !PLATFORM_SETTINGS.includes(n))
        .concat('PORT')
        .sort(),
    );
    // App Service sets WEBSITE_HOSTNAME itself; the bot builds its download links from it.
    const settings = readSettings({ ...env, WEBSITE_HOSTNAME: 'app-uppfoljning.azurewebsites.net' });
    expect(settings.production).toBe(true);
    expect(settings.publicUrl).toBe('https://app-uppfoljning.azurewebsites.net');
    expect(settings.bot).toEqual({
      appId,
      appType: 'SingleTenant',
      tenantId,
      authEnabled: true,
      appPassword: '',
      federatedClientId: clientId,
    });
    expect(settings.storage).toEqual({
      kind: 'accountUrl',
      url: 'https://stuppfoljningabc123.table.core.windows.net',
      managedIdentityClientId: clientId,
    });
    for (const secret of ['STORAGE_CONNECTION_STRING', 'MicrosoftAppPassword', 'listKeys', 'AccountKey']) {
      expect(bicep).not.toContain(secret);
    }
  });

  it('has no secret anywhere: no keys, no passwords, no secure parameters, no app credentials but the federated one', () => {
    for (const secret of [
      'listKeys',
      'listCredentials',
      'MicrosoftAppPassword',
      'passwordCredentials',
      'keyCredentials',
      'clientSecret',
      'AccountKey',
      'msaAppMSIResourceId',
    ]) {
      expect(bicep, secret).not.toContain(secret);
    }
    expect(bicep).not.toMatch(/@secure\(\)/);
    expect(bicep).not.toMatch(/\bsecure\(/);
    expect(appSettingNames(bicep)).not.toContain('MicrosoftAppPassword');
    // Outputs are visible in the deployment history: none carries a key or a connection string.
    const outputs = [...bicep.matchAll(/^output\s+\w+\s+\w+\s*=\s*(.+)$/gm)].map((m) => m[1] ?? '');
    for (const value of outputs) expect(value).not.toMatch(/key|secret|password|connectionString/i);
  });

  it('uses the intended resource types and API versions', () => {
    const resources = [...bicep.matchAll(/^resource\s+\w+\s+'([^@']+)@([^']+)'/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(resources)).toEqual({
      'Microsoft.ManagedIdentity/userAssignedIdentities': '2023-01-31',
      'Microsoft.Graph/applications': 'v1.0',
      'Microsoft.Graph/applications/federatedIdentityCredentials': 'v1.0',
      'Microsoft.Graph/servicePrincipals': 'v1.0',
      'Microsoft.Storage/storageAccounts': '2023-05-01',
      'Microsoft.Storage/storageAccounts/tableServices': '2023-05-01',
      'Microsoft.Authorization/roleAssignments': '2022-04-01',
      'Microsoft.OperationalInsights/workspaces': '2023-09-01',
      'Microsoft.Insights/components': '2020-02-02',
      'Microsoft.Web/serverfarms': '2023-12-01',
      'Microsoft.Web/sites': '2023-12-01',
      'Microsoft.Web/sites/basicPublishingCredentialsPolicies': '2023-12-01',
      'Microsoft.Insights/diagnosticSettings': '2021-05-01-preview',
      'Microsoft.BotService/botServices': '2022-09-15',
      'Microsoft.BotService/botServices/channels': '2022-09-15',
    });
  });

  it('creates the app registration with the Microsoft Graph extension, or takes an existing one', () => {
    expect(bicep).toMatch(
      /^extension 'br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+'$/m,
    );
    expect(bicep).toMatch(/param existingBotAppId string = ''/);
    expect(bicep).toMatch(/var createAppRegistration = empty\(existingBotAppId\)/);
    for (const type of ['applications', 'applications/federatedIdentityCredentials', 'servicePrincipals']) {
      expect(bicep, type).toMatch(
        new RegExp(`^resource \\w+ 'Microsoft\\.Graph/${type}@v1\\.0' = if \\(createAppRegistration\\)`, 'm'),
      );
    }
    expect(bicep).toMatch(/signInAudience: 'AzureADMyOrg'/);
    expect(bicep).toMatch(/appId: botApp\.appId/);
    expect(bicep).toMatch(/var botAppId = createAppRegistration \? botApp\.appId : existingBotAppId/);
    expect(bicep).toMatch(/output BOT_ID string = botAppId/);
  });

  it('lets the app registration trust the managed identity through a federated identity credential', () => {
    const fic =
      /^resource botAppFederatedCredential '[^']+' = [^\n]*\{\n([\s\S]*?)\n\}$/m.exec(bicep)?.[1] ?? '';
    expect(fic).toMatch(/name: '\$\{botApp\.uniqueName\}\/[a-z-]+'/);
    expect(fic).toMatch(/issuer: federatedIssuer/);
    expect(fic).toMatch(/subject: identity\.properties\.principalId/);
    expect(fic).toMatch(/audiences: \[\s*federatedAudience\s*\]/);
    expect(bicep).toMatch(
      /^var federatedIssuer = 'https:\/\/login\.microsoftonline\.com\/\$\{tenant\(\)\.tenantId\}\/v2\.0'$/m,
    );
    expect(bicep).toContain("var federatedAudience = 'api://AzureADTokenExchange'");
    // The app uses the same identity for the token exchange: its client id is the one the factory gets.
    expect(read('src/bot/http.ts')).toMatch(
      /new FederatedServiceClientCredentialsFactory\(bot\.appId, bot\.federatedClientId, bot\.tenantId\)/,
    );
  });

  it('places the data in Sweden Central and the Azure Bot in the Europe region, both as parameters', () => {
    const byName = Object.fromEntries(params.map((p) => [p.name, p]));
    expect(bicep).toMatch(/^param location string = 'swedencentral'$/m);
    expect(bicep).toMatch(/^param botLocation string = 'westeurope'$/m);
    expect(byName.botLocation?.allowed).toEqual(['westeurope', 'global']);
    expect(parameters.parameters.location?.value).toBe('swedencentral');
    expect(parameters.parameters.botLocation?.value).toBe('westeurope');
    // Every Azure resource with a location takes it from a parameter; only the bot and its channel use botLocation.
    const locations = [...bicep.matchAll(/^\s+location: (.+)$/gm)].map((m) => m[1]);
    expect(locations.length).toBeGreaterThan(6);
    expect(locations.filter((l) => l !== 'location' && l !== 'botLocation')).toEqual([]);
    expect(locations.filter((l) => l === 'botLocation')).toHaveLength(2);
    expect(bicep).toMatch(/resource botService '[^']+' = \{\s*name: botServiceName\s*location: botLocation/);
  });

  it('registers the bot as Single Tenant with its tenant and the Teams channel', () => {
    expect(bicep).toMatch(/msaAppType: 'SingleTenant'/);
    expect(bicep).not.toMatch(/UserAssignedMSI/);
    expect(bicep).toMatch(/msaAppId: botAppId/);
    expect(bicep).toMatch(/msaAppTenantId: tenant\(\)\.tenantId/);
    expect(bicep).toMatch(/endpoint: 'https:\/\/\$\{webApp\.properties\.defaultHostName\}\/api\/messages'/);
    expect(bicep).toMatch(/channelName: 'MsTeamsChannel'/);
    expect(read('src/server.ts')).toContain("server.post('/api/messages'");
  });

  it('runs the web app on Node 22 LTS, HTTPS only, always on, with a health check the server answers', () => {
    expect(bicep).toMatch(/linuxFxVersion: runsContainer \? 'DOCKER\|\$\{containerImage\}' : 'NODE\|22-lts'/);
    expect(bicep).toMatch(/reserved: true/);
    expect(bicep).toMatch(/httpsOnly: true/);
    expect(bicep).toMatch(/alwaysOn: true/);
    expect(bicep).toMatch(/minTlsVersion: '1\.2'/);
    expect(bicep).toMatch(/ftpsState: 'Disabled'/);
    expect(bicep).toMatch(/type: 'UserAssigned'\s*userAssignedIdentities: \{\s*'\$\{identity\.id\}': \{\}/);
    const health = /healthCheckPath: '([^']+)'/.exec(bicep)?.[1];
    expect(health).toBe('/healthz');
    expect(read('src/server.ts')).toContain(`server.get('${health}'`);
    // App Service must start the built app: `npm start` compiles first, which needs dev dependencies.
    expect(bicep).toMatch(/appCommandLine: runsContainer \? '' : 'node dist\/index\.js'/);
  });

  it('keeps storage keyless and gives the identity Storage Table Data Contributor on it', () => {
    expect(bicep).toMatch(/kind: 'StorageV2'/);
    expect(bicep).toMatch(/allowSharedKeyAccess: false/);
    expect(bicep).toMatch(/allowBlobPublicAccess: false/);
    expect(bicep).toMatch(/minimumTlsVersion: 'TLS1_2'/);
    expect(bicep).toMatch(/var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'/);
    expect(bicep).toMatch(/scope: storage\s*properties: \{\s*roleDefinitionId: subscriptionResourceId\(/);
    expect(bicep).toMatch(
      /principalId: identity\.properties\.principalId\s*principalType: 'ServicePrincipal'/,
    );
  });

  it('makes Application Insights optional and outputs what `npm run package` needs', () => {
    expect(bicep).toMatch(/param enableApplicationInsights bool = true/);
    expect(bicep).toMatch(/resource appInsights '[^']+' = if \(enableApplicationInsights\)/);
    const outputs = [...bicep.matchAll(/^output\s+(\w+)\s+string/gm)].map((m) => m[1]);
    expect(outputs).toEqual(
      expect.arrayContaining(['BOT_ENDPOINT', 'BOT_DOMAIN', 'BOT_ID', 'BOT_TENANT_ID']),
    );
    // The package tool's settings are named after these outputs.
    expect(read('src/config/package-settings.ts')).toMatch(/utdata BOT_ID/);
    expect(read('src/config/package-settings.ts')).toMatch(/utdata BOT_DOMAIN/);
  });

  it('has balanced brackets outside strings and comments', () => {
    const stack: string[] = [];
    const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    let i = 0;
    while (i < bicep.length) {
      const c = bicep.charAt(i);
      if (c === '/' && bicep[i + 1] === '/') {
        i = bicep.indexOf('\n', i);
        if (i < 0) break;
      } else if (c === "'") {
        // A string; `${…}` interpolations inside hold no quotes in this template.
        i++;
        while (i < bicep.length && bicep[i] !== "'") i += bicep[i] === '\\' ? 2 : 1;
      } else if ('([{'.includes(c)) {
        stack.push(c);
      } else if (c in pairs) {
        expect(stack.pop(), `unbalanced ${c} at offset ${i}`).toBe(pairs[c]);
      }
      i++;
    }
    expect(stack).toEqual([]);
  });
});

describe('the deployment guide and the data protection document', () => {
  const guide = read('deployment/README.md');
  const privacy = read('deployment/dataskydd.md');

  it('documents every parameter, every app setting and every output of main.bicep', () => {
    for (const p of bicepParams(bicep)) expect(guide, p.name).toContain(`\`${p.name}\``);
    for (const n of appSettingNames(bicep)) expect(guide, n).toContain(`\`${n}\``);
    for (const m of bicep.matchAll(/^output\s+(\w+)\s/gm)) expect(guide, m[1]).toContain(`\`${m[1]}\``);
  });

  it('explains the identities, the permissions, availability, data location and logging', () => {
    for (const heading of [
      '## Identiteter och behörigheter',
      '### Vem som driftsätter och vilka rättigheter det kräver',
      '### Om den som driftsätter inte får skapa appar i Entra ID',
      '### Behörigheter i Microsoft Graph och administratörsmedgivande',
      '### Var data lagras och behandlas',
      '### Vad som loggas',
      '### Appens tillgänglighet',
    ]) {
      expect(guide, heading).toContain(heading);
    }
    expect(guide).toContain('TeamsAppInstallation.ReadWriteSelfForUser.All');
    expect(guide).toContain('api://AzureADTokenExchange');
    expect(guide).toMatch(/Programadministratör/);
    expect(guide).toContain('[dataskydd.md](dataskydd.md)');
  });

  it('lists the personal data, where it is, retention, sub-processors and what the municipality decides', () => {
    for (const heading of [
      '## Personuppgifter som behandlas',
      '## Var uppgifterna finns',
      '## Lagringstid och gallring',
      '## Personuppgiftsbiträden och underbiträden',
      '## Rättslig grund: stöd för kommunens bedömning',
      '## Det kommunen behöver bestämma',
    ]) {
      expect(privacy, heading).toContain(heading);
    }
    // Gallring per kind of data, each with the setting that controls it, and the rights' commands.
    for (const setting of [
      'RETENTION_ANSWERS_DAYS',
      'RETENTION_AUDIT_DAYS',
      'RETENTION_REMINDERS_DAYS',
      'RETENTION_CONTACTS_DAYS',
      'RETENTION_PAUSES_DAYS',
      'RETENTION_LINKS_DAYS',
    ])
      expect(privacy, setting).toContain(`\`${setting}\``);
    for (const command of ['gallring', 'registerutdrag', 'anonymisera', 'periodutdrag', 'granskningslogg'])
      expect(privacy, command).toContain(`npm run ${command}`);
    expect(privacy).toContain('KLASSA');
    // Every table the app creates is accounted for.
    for (const table of Object.values(tableNames('<prefix>')))
      expect(privacy, table).toContain(`\`${table}\``);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const lastFrom = instructions.map((l) => l.startsWith('FROM ')).lastIndexOf(true);
  const runtime = instructions.slice(lastFrom);
  const build = instructions.slice(0, lastFrom);

  it('builds in one node:22-slim stage and runs in another', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM node:22-slim AS build', 'FROM node:22-slim AS runtime']);
    expect(build).toContain('RUN npm ci --no-audit --no-fund');
    expect(build.indexOf('RUN npm run build')).toBeGreaterThan(
      build.indexOf('RUN npm ci --no-audit --no-fund'),
    );
  });

  it('installs production dependencies only and copies dist, config, cards, templates and package.json', () => {
    expect(runtime.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
    expect(runtime).toContain('COPY package.json package-lock.json ./');
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).toContain('COPY config ./config');
    expect(runtime).toContain('COPY cards ./cards');
    // The shipped Word template: REPORT_TEMPLATE's default, checked at start.
    expect(runtime).toContain('COPY templates ./templates');
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src',
      'config',
      'cards',
      'templates/rapport.docx',
    ]) {
      expect(exists(path), path).toBe(true);
    }
  });

  it('runs as the non-root node user in production mode, with a health check without curl', () => {
    expect(runtime).toContain('ENV NODE_ENV=production');
    const user = runtime.indexOf('USER node');
    expect(user).toBeGreaterThan(0);
    expect(user).toBeLessThan(runtime.findIndex((l) => l.startsWith('CMD ')));
    expect(runtime).toContain('EXPOSE 3978');
    const health = runtime.find((l) => l.startsWith('HEALTHCHECK'));
    expect(health).toMatch(/CMD \["node", "-e", ".*fetch\(.*\/healthz/);
    expect(health).not.toMatch(/curl|wget/);
  });

  it('starts the compiled entry point', () => {
    const cmd = runtime.at(-1) ?? '';
    expect(cmd.startsWith('CMD ')).toBe(true);
    expect(JSON.parse(cmd.slice(4))).toEqual(['node', 'dist/index.js']);
    expect(exists('src/index.ts')).toBe(true);
    expect(read('tsconfig.build.json')).toMatch(/"rootDir": "src"/);
  });

  it('has a .dockerignore that keeps local state and secrets out but the sources in', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'dist', '.data', '.env', '.git'])
      expect(ignored, entry).toContain(entry);
    for (const needed of [
      'src',
      'config',
      'cards',
      'templates',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
    ]) {
      expect(ignored, needed).not.toContain(needed);
    }
  });
});

describe('the vendored schemas', () => {
  const readme = readFileSync(new URL('../../deployment/schemas/README.md', import.meta.url), 'utf8');
  for (const file of ['adaptive-card-1.5.schema.json', 'teams-manifest.schema.json']) {
    it(`${file} is the unedited upstream copy its README names`, () => {
      const recorded = new RegExp(
        `\\| \`${file.replaceAll('.', '\\.')}\` \\|.*\\| \`([0-9a-f]{64})\` \\|`,
      ).exec(readme)?.[1];
      expect(recorded, 'README names the file with its sha256').toMatch(/^[0-9a-f]{64}$/);
      const bytes = readFileSync(new URL(`../../deployment/schemas/${file}`, import.meta.url));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(recorded);
    });
  }
});

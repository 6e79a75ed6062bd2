/**
 * Managers given by UPN or e-mail alone: the configuration accepts them, the bot learns their
 * object id the first time they reach it (through the real server, the fake Teams connector
 * answering member info), stores it, and knows them after a restart.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError, loadConfig } from '../../src/config/load-config.js';
import { unresolvedPeople } from '../../src/config/people.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { identify } from '../../src/followup/access.js';
import { type RunningApp, startApp } from '../../src/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { BotSession, cardText } from '../support/bot-session.js';
import { type FakeTeams, startFakeTeams, TENANT_ID } from '../support/fake-teams.js';

const ANNA_ID = 'a1b2c3d4-0000-4000-8000-00000000a11a';
const STRANGER_ID = 'a1b2c3d4-0000-4000-8000-0000000057a1';

interface PersonYaml {
  aadObjectId?: string;
  name: string;
  upn: string;
}
type OrgYaml = {
  administrations: { departments: { units: { id: string; managers: PersonYaml[] }[] }[] }[];
};

/** A copy of the shipped configuration, edited. */
async function configWith(edit: (org: OrgYaml) => void): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'uppf-org-'));
  await cp(shippedConfigDir, dir, { recursive: true });
  const file = path.join(dir, 'organisation.yaml');
  const org = parse(await readFile(file, 'utf8')) as OrgYaml;
  edit(org);
  await writeFile(file, stringify(org));
  return dir;
}

function amc(org: OrgYaml) {
  for (const adm of org.administrations) {
    for (const dep of adm.departments) {
      const unit = dep.units.find((u) => u.id === 'amc');
      if (unit) return unit;
    }
  }
  throw new Error('no amc');
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('the organisation by UPN or e-mail', () => {
  it('accepts a manager without an object id and gives a stand-in id nobody can send', async () => {
    const dir = await configWith((org) => {
      delete amc(org).managers[0]?.aadObjectId;
    });
    dirs.push(dir);
    const config = await loadConfig(dir);
    const anna = config.unitsById.get('amc')?.managers[0];
    expect(anna?.aadObjectId).toBe('upn:anna.lind@example.se');
    expect(unresolvedPeople(config.organisation).map((p) => p.upn)).toEqual(['anna.lind@example.se']);
    // An empty or missing id from Teams matches nobody.
    expect(identify(config, '', 'X').units).toEqual([]);
  });

  it('refuses an empty object id, a stand-in written by hand and an address that is not one', async () => {
    const dir = await configWith((org) => {
      const unit = amc(org);
      unit.managers = [
        { aadObjectId: '', name: 'Tom', upn: 'tom@example.se' },
        { aadObjectId: 'upn:x@example.se', name: 'Hand', upn: 'x@example.se' },
        { name: 'Ingen adress', upn: 'ingen-adress' },
      ];
    });
    dirs.push(dir);
    const error = await loadConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toMatch(/managers\[0\]\.aadObjectId/);
    expect(text).toMatch(/får inte börja med "upn:"/);
    expect(text).toMatch(/managers\[2\]\.upn.*UPN ska se ut som en e-postadress/);
  });
});

describe('a manager given by e-mail reaches the bot for the first time', () => {
  let fake: FakeTeams;
  let app: RunningApp;
  let dir: string;
  const prefix = `i${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const env = () => ({
    PORT: '0',
    STORAGE_CONNECTION_STRING: inject('azuriteConnectionString'),
    TABLE_PREFIX: prefix,
    CONFIG_DIR: dir,
    FOLLOWUP_NOW: '2024-09-03T10:00:00+02:00',
    REMINDER_SCHEDULER: 'off',
  });

  beforeAll(async () => {
    dir = await configWith((org) => {
      delete amc(org).managers[0]?.aadObjectId;
    });
    dirs.push(dir);
    fake = await startFakeTeams();
    // Teams member info: the UPN differs in case from the configuration, the e-mail is the same.
    fake.addMember({ aadObjectId: ANNA_ID, name: 'Anna Lind', userPrincipalName: 'Anna.Lind@example.se' });
    fake.addMember({ aadObjectId: STRANGER_ID, name: 'Sven Främling', userPrincipalName: 'sven@example.se' });
    app = await startApp(env(), silentLogger);
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('is recognised on install as the unit’s manager, and the pair is stored', async () => {
    const anna = new BotSession({
      botUrl: app.url,
      fake,
      aadObjectId: ANNA_ID,
      name: 'Anna Lind',
      tenantId: TENANT_ID,
      mode: 'execute',
    });
    const text = cardText(await anna.install());
    expect(text).toContain('Hej Anna!');
    expect(text).toContain('Arbetsmarknadscentrum (AMC) – enhetschef');
    expect(app.config.unitsById.get('amc')?.managers[0]?.aadObjectId).toBe(ANNA_ID);
    expect(await app.storage.identities.list()).toEqual([
      expect.objectContaining({ address: 'anna.lind@example.se', aadObjectId: ANNA_ID }),
    ]);
    // The member info request went to the conversation's members.
    expect(fake.requests.some((r) => r.method === 'GET' && r.path.includes('/members/'))).toBe(true);
  });

  it('does not give a stranger anyone’s units', async () => {
    const sven = new BotSession({
      botUrl: app.url,
      fake,
      aadObjectId: STRANGER_ID,
      name: 'Sven Främling',
      tenantId: TENANT_ID,
      mode: 'execute',
    });
    const text = cardText(await sven.install());
    expect(text).not.toContain('enhetschef');
    expect(text).toContain('Du är inte registrerad som chef, ersättare eller ledning');
    expect(unresolvedPeople(app.config.organisation)).toEqual([]);
  });

  it('knows her after a restart without asking Teams again', async () => {
    await app.stop();
    fake.clear();
    app = await startApp(env(), silentLogger);
    expect(app.config.unitsById.get('amc')?.managers[0]?.aadObjectId).toBe(ANNA_ID);
    const anna = new BotSession({
      botUrl: app.url,
      fake,
      aadObjectId: ANNA_ID,
      name: 'Anna Lind',
      tenantId: TENANT_ID,
      mode: 'execute',
    });
    const status = cardText(await anna.say('status'));
    expect(status).not.toContain('Du finns inte med i uppföljningen');
    expect(status).toContain('Arbetsmarknadscentrum');
    expect(fake.requests.some((r) => r.method === 'GET' && r.path.includes('/members/'))).toBe(false);
  });
});

import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppPackage,
  buildAppPackage,
  defaultAppPackageDir,
  defaultSchemaPath,
  ManifestError,
  manifestValidator,
  upgradeDraft04,
} from '../../src/app-package/build-package.js';
import {
  ACCENT_COLOR,
  COLOR_ICON_SIZE,
  colorIcon,
  iconProblems,
  OUTLINE_ICON_SIZE,
  outlineIcon,
} from '../../src/app-package/icons.js';
import { readPackageSettings, TEAMS_APP_ID_NAMESPACE, uuidV5 } from '../../src/config/package-settings.js';
import { SettingsError } from '../../src/config/settings.js';

const BOT_ID = '00000000-0000-4000-8000-000000000001';
const ENV = {
  MicrosoftAppId: BOT_ID,
  BOT_DOMAIN: 'uppfoljning.example.se',
  APP_DEVELOPER_NAME: 'Linköpings kommun',
  APP_WEBSITE_URL: 'https://www.linkoping.se/',
  APP_PRIVACY_URL: 'https://www.linkoping.se/personuppgifter',
  APP_TERMS_URL: 'https://www.linkoping.se/villkor',
};

const packageVersion = (
  JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

let tmp: string;
let built: AppPackage;
let zip: JSZip;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'uppf-app-package-'));
  built = await buildAppPackage({ env: ENV, outDir: path.join(tmp, 'out') });
  zip = await JSZip.loadAsync(await readFile(built.zipPath));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Command {
  title: string;
  description: string;
}

interface Bot {
  botId?: string;
  scopes: string[];
  supportsFiles: boolean;
  isNotificationOnly: boolean;
  commandLists: { scopes: string[]; commands: Command[] }[];
}

/** The parts of the manifest the tests look at. */
interface Manifest {
  [key: string]: unknown;
  id: string;
  version: string;
  manifestVersion: string;
  accentColor: string;
  validDomains: string[];
  name: { short: string; full?: string };
  description: { short: string; full: string };
  developer: Record<string, string>;
  bots: Bot[];
}

function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error('empty list');
  return item;
}

const manifestOf = (p: AppPackage): Manifest => p.manifest as unknown as Manifest;

async function entry(name: string, kind: 'string'): Promise<string>;
async function entry(name: string, kind: 'nodebuffer'): Promise<Buffer>;
async function entry(name: string, kind: 'string' | 'nodebuffer'): Promise<string | Buffer> {
  const file = zip.file(name);
  if (!file) throw new Error(`${name} is not in the zip`);
  return kind === 'string' ? file.async('string') : file.async('nodebuffer');
}

/** A copy of deployment/appPackage/ with the template changed, for the failure cases. */
async function packageDirWith(change: (manifest: Manifest) => void): Promise<string> {
  const dir = await mkdtemp(path.join(tmp, 'pkg-'));
  await cp(defaultAppPackageDir, dir, { recursive: true });
  const file = path.join(dir, 'manifest.template.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  change(manifest);
  await writeFile(file, JSON.stringify(manifest, null, 2));
  return dir;
}

async function manifestProblems(dir: string, env: Record<string, string> = ENV): Promise<string[]> {
  try {
    await buildAppPackage({ env, appPackageDir: dir, outDir: path.join(dir, 'out') });
  } catch (error) {
    if (error instanceof ManifestError) {
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
      return [...error.problems];
    }
    throw error;
  }
  return [];
}

function decode(file: Buffer): PNG {
  return PNG.sync.read(file);
}

describe('the Teams app package', () => {
  it('is a zip named after the version with the manifest, icons and language file at its root', async () => {
    expect(path.basename(built.zipPath)).toBe(`uppfoljningsboten-${packageVersion}.zip`);
    expect(Object.keys(zip.files).sort()).toEqual([
      'color.png',
      'en-us.json',
      'manifest.json',
      'outline.png',
    ]);
    expect(built.warnings).toEqual([]);
  });

  it('has a manifest that validates against the official v1.29 schema', async () => {
    const manifest = JSON.parse(await entry('manifest.json', 'string'));
    expect(manifest).toEqual(built.manifest);
    const validate = await manifestValidator();
    expect(validate(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe('1.29');
  });

  it('fills in the bot id, domain, version, developer and a Teams app id derived from the bot id', () => {
    const m = manifestOf(built);
    expect(first(m.bots).botId).toBe(BOT_ID);
    expect(m.validDomains).toEqual(['uppfoljning.example.se']);
    expect(m.version).toBe(packageVersion);
    expect(m.id).toBe(uuidV5(BOT_ID, TEAMS_APP_ID_NAMESPACE));
    expect(m.id).not.toBe(BOT_ID);
    expect(m.developer).toEqual({
      name: 'Linköpings kommun',
      websiteUrl: 'https://www.linkoping.se/',
      privacyUrl: 'https://www.linkoping.se/personuppgifter',
      termsOfUseUrl: 'https://www.linkoping.se/villkor',
    });
    expect(m.accentColor).toBe(ACCENT_COLOR);
    expect(JSON.stringify(m)).not.toMatch(/\{\{/);
  });

  it('is a personal, conversational bot that can send files, with the Swedish commands', () => {
    const m = manifestOf(built);
    expect(m.name.short).toBe('Uppföljningsboten');
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
    const bot = first(m.bots);
    expect(bot.scopes).toEqual(['personal']);
    expect(bot.supportsFiles).toBe(true);
    expect(bot.isNotificationOnly).toBe(false);
    expect(bot.commandLists).toHaveLength(1);
    expect(first(bot.commandLists).scopes).toEqual(['personal']);
    const commands = first(bot.commandLists).commands;
    expect(commands.map((c) => c.title)).toEqual([
      'rapportera',
      'status',
      'hjälp',
      'prognos',
      'ekonomi',
      'saknas',
      'rapport',
      'bedöm',
    ]);
    // What Teams shows: titles up to 32 and descriptions up to 128 characters.
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
  });

  it('has an English localisation whose every key names a text in the manifest', async () => {
    const strings = JSON.parse(await entry('en-us.json', 'string')) as Record<string, string>;
    expect(strings['name.short']).toBe('Uppföljningsboten');
    expect(strings['description.short']?.length).toBeLessThanOrEqual(80);
    expect(Object.keys(strings).filter((k) => k.includes('commands')).length).toBe(8);
  });

  it('has a 192×192 colour icon and a 32×32 white outline icon on a transparent background', async () => {
    const color = decode(await entry('color.png', 'nodebuffer'));
    expect([color.width, color.height]).toEqual([COLOR_ICON_SIZE, COLOR_ICON_SIZE]);
    const centre = (96 * 192 + 30) * 4; // left of the check mark: the accent colour, opaque
    const accent = [1, 3, 5].map((i) => Number.parseInt(ACCENT_COLOR.slice(i, i + 2), 16));
    expect([...color.data.subarray(centre, centre + 4)]).toEqual([...accent, 255]);
    expect(color.data[3]).toBe(0); // the rounded corner is transparent

    const outline = decode(await entry('outline.png', 'nodebuffer'));
    expect([outline.width, outline.height]).toEqual([OUTLINE_ICON_SIZE, OUTLINE_ICON_SIZE]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3] ?? 0;
      if (alpha === 0) transparent++;
      else {
        expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
        if (alpha === 255) opaque++;
      }
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(opaque).toBeGreaterThan(50);
  });

  it('ships the icons the generator draws', async () => {
    for (const [name, draw] of [
      ['color.png', colorIcon],
      ['outline.png', outlineIcon],
    ] as const) {
      const shipped = decode(await readFile(path.join(defaultAppPackageDir, name)));
      expect(Buffer.compare(shipped.data, decode(draw()).data), name).toBe(0);
    }
  });

  it('is byte-identical when built twice from the same input', async () => {
    const again = await buildAppPackage({ env: ENV, outDir: path.join(tmp, 'again') });
    expect(Buffer.compare(await readFile(again.zipPath), await readFile(built.zipPath))).toBe(0);
  });
});

describe('packaging settings', () => {
  it('needs only MicrosoftAppId and BOT_DOMAIN, and warns about the developer defaults', () => {
    const { settings, warnings } = readPackageSettings(
      { MicrosoftAppId: BOT_ID.toUpperCase(), BOT_DOMAIN: 'Uppfoljning.Example.se' },
      '1.2.3',
    );
    expect(settings.botId).toBe(BOT_ID);
    expect(settings.botDomain).toBe('uppfoljning.example.se');
    expect(settings.version).toBe('1.2.3');
    expect(settings.developer.privacyUrl).toBe('https://uppfoljning.example.se/');
    expect(warnings.map((w) => w.split(' ')[0])).toEqual([
      'APP_DEVELOPER_NAME',
      'APP_WEBSITE_URL',
      'APP_PRIVACY_URL',
      'APP_TERMS_URL',
    ]);
  });

  it('takes TEAMS_APP_ID and APP_VERSION when given', () => {
    const id = '12345678-1234-4234-8234-123456789abc';
    const { settings } = readPackageSettings({ ...ENV, TEAMS_APP_ID: id, APP_VERSION: '2.0.1' }, '0.1.0');
    expect(settings.teamsAppId).toBe(id);
    expect(settings.version).toBe('2.0.1');
  });

  it('derives the Teams app id with a standard UUID v5', () => {
    // RFC 4122 / Python's uuid.uuid5(uuid.NAMESPACE_DNS, 'www.example.com').
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('lists every problem in one Swedish message', () => {
    let error: unknown;
    try {
      readPackageSettings(
        {
          BOT_DOMAIN: 'https://uppfoljning.example.se/api/messages',
          TEAMS_APP_ID: 'inte-ett-guid',
          APP_VERSION: '1.0',
          APP_PRIVACY_URL: 'http://osäker.example.se',
        },
        '0.1.0',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems;
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^MicrosoftAppId saknas/);
    expect(problems[1]).toMatch(/^BOT_DOMAIN ska vara bara värdnamnet/);
    expect(problems[2]).toMatch(/^TEAMS_APP_ID ska vara ett GUID/);
    expect(problems[3]).toMatch(/^APP_VERSION ska vara tre tal/);
    expect(problems[4]).toMatch(/^APP_PRIVACY_URL ska vara en https-adress/);
    expect((error as Error).message).toMatch(/^Inställningarna har 5 fel:\n {2}- MicrosoftAppId saknas/);
  });
});

describe('manifest validation', () => {
  it('needs the draft-04 upgrade: plain ajv 8 cannot compile the Teams schema', async () => {
    const raw = JSON.parse(await readFile(defaultSchemaPath, 'utf8'));
    expect(raw.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(() => new Ajv().compile(raw)).toThrow(/draft-04/);
  });

  it('upgrades draft-04 ids and boolean exclusive bounds, keeping properties named "id"', () => {
    const upgraded = upgradeDraft04({
      $schema: 'http://json-schema.org/draft-04/schema#',
      id: 'https://example.se/schema.json',
      type: 'object',
      properties: {
        id: { type: 'string' },
        share: { type: 'number', maximum: 1, exclusiveMaximum: true, minimum: 0, exclusiveMinimum: false },
      },
      dependencies: { id: ['share'] },
    }) as { $schema?: string; $id: string; properties: Record<string, unknown>; dependencies: unknown };
    expect(upgraded.$schema).toBeUndefined();
    expect(upgraded.$id).toBe('https://example.se/schema.json');
    expect(upgraded.properties.id).toEqual({ type: 'string' });
    expect(upgraded.properties.share).toEqual({ type: 'number', exclusiveMaximum: 1, minimum: 0 });
    expect(upgraded.dependencies).toEqual({ id: ['share'] });
    const validate = new Ajv().compile(upgraded);
    expect(validate({ id: 'x', share: 0.5 })).toBe(true);
    expect(validate({ id: 'x', share: 1 })).toBe(false);
    expect(validate({ id: 'x' })).toBe(false);
  });

  it('rejects a manifest without the bot id, with a clear message and no zip', async () => {
    const dir = await packageDirWith((m) => {
      delete first(m.bots).botId;
    });
    const problems = await manifestProblems(dir);
    expect(problems).toContain('manifest.json /bots/0: "botId" saknas');
  });

  it('rejects a short name over 30 characters', async () => {
    const dir = await packageDirWith((m) => {
      m.name.short = 'Uppföljningsboten för Arbetsmarknadsnämnden';
    });
    const problems = await manifestProblems(dir);
    expect(problems).toContain('manifest.json /name/short: får vara högst 30 tecken (är 43)');
  });

  it('rejects an unknown scope, an unknown property and a wrong manifest version together', async () => {
    const dir = await packageDirWith((m) => {
      m.manifestVersion = '1.17';
      first(m.bots).scopes = ['personal', 'kanal'];
      m.botsOfTheMonth = true;
    });
    const problems = await manifestProblems(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        'manifest.json /manifestVersion: ska vara "1.29"',
        'manifest.json (roten): okänd egenskap "botsOfTheMonth"',
        expect.stringMatching(/^manifest\.json \/bots\/0\/scopes\/1: ska vara ett av "team", "personal"/),
      ]),
    );
  });

  it('rejects placeholders it does not know', async () => {
    const dir = await packageDirWith((m) => {
      m.developer.mpnId = '{{MPN_ID}}';
    });
    expect(await manifestProblems(dir)).toEqual(['manifest.template.json: okänd platshållare {{MPN_ID}}']);
  });

  it('checks the language file against the manifest and its limits', async () => {
    const dir = await packageDirWith(() => {});
    const file = path.join(dir, 'en-us.json');
    const strings = JSON.parse(await readFile(file, 'utf8'));
    strings['description.short'] = 'x'.repeat(81);
    strings['bots[0].commandLists[0].commands[9].description'] = 'There is no tenth command';
    await writeFile(file, JSON.stringify(strings));
    expect(await manifestProblems(dir)).toEqual([
      'en-us.json: "bots[0].commandLists[0].commands[9].description" motsvarar ingen text i manifestet',
      'en-us.json ger manifestet /description/short: får vara högst 80 tecken (är 81)',
    ]);
  });

  it('rejects icons of the wrong size or an outline that is not white on transparent', async () => {
    expect(iconProblems('color', outlineIcon())).toEqual([
      'color.png ska vara 192×192 bildpunkter, inte 32×32',
    ]);
    const png = decode(outlineIcon());
    png.data[(16 * 32 + 16) * 4] = 0; // a red-less, so cyan, pixel in the middle of the check mark
    png.data.fill(255, 3, 4); // and the top-left corner opaque: there is still transparency elsewhere
    const problems = iconProblems('outline', PNG.sync.write(png));
    expect(problems).toEqual(['outline.png får bara innehålla vitt (1 bildpunkter har annan färg)']);
    const solid = new PNG({ width: 32, height: 32 });
    solid.data.fill(255);
    expect(iconProblems('outline', PNG.sync.write(solid))).toEqual([
      'outline.png ska ha genomskinlig bakgrund',
    ]);
    expect(iconProblems('outline', Buffer.from('inte en bild'))[0]).toMatch(
      /^outline\.png är ingen giltig PNG-bild/,
    );
  });

  it('stops with a clear message when the schema file is missing', async () => {
    await expect(
      buildAppPackage({
        env: ENV,
        outDir: path.join(tmp, 'none'),
        schemaPath: path.join(tmp, 'saknas.json'),
      }),
    ).rejects.toThrow(/schemat för Teams-manifest 1\.29 finns inte i .*TEAMS_MANIFEST_SCHEMA/s);
  });
});

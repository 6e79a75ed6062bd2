/**
 * What `npm run package` (src/cli/package.ts) does: builds the Teams app package (the zip an admin
 * uploads in the Teams admin center) from `deployment/appPackage/`: fills the manifest template
 * from the packaging settings (src/config/package-settings.ts), validates it against the official
 * Teams manifest schema (v1.29), checks the icons and the localisation file, and writes
 * `deployment/dist/uppfoljningsboten-<version>.zip` with manifest.json, the icons and the
 * language files at the zip root.
 *
 * A development tool: it imports `ajv` and `jszip`, which are devDependencies, so it runs from a
 * full `npm install`, never inside the production image (which nothing there imports it from).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import JSZip from 'jszip';
import type { Environment } from '../config/environment.js';
import { type PackageSettings, readPackageSettings } from '../config/package-settings.js';
import { ACCENT_COLOR, iconProblems } from './icons.js';

/** The repository root (this file is `src/app-package/` in tests and `dist/app-package/` when built). */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The official Teams manifest schema v1.29, shipped with the repository so that a municipality's
 * copy can package the app offline; a test keeps it identical to the reference copy.
 */
export const defaultSchemaPath = path.join(repoRoot, 'deployment', 'schemas', 'teams-manifest.schema.json');
export const defaultAppPackageDir = path.join(repoRoot, 'deployment', 'appPackage');
export const defaultOutDir = path.join(repoRoot, 'deployment', 'dist');

const SCHEMA_DOWNLOAD = 'https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json';

export class ManifestError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Teams-apppaketet har ${problems.length} fel:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
  }
}

// ---------------------------------------------------------------------------------------------
// Schema validation. The Teams schema declares JSON Schema draft-04; ajv 8 implements draft-07
// and later and does not ship the draft-04 meta-schema (that is the separate `ajv-draft-04`
// package). The differences that matter are few and mechanical, so the schema is upgraded in
// memory: `id` → `$id`, boolean `exclusiveMaximum`/`exclusiveMinimum` → numeric bounds, and the
// `$schema` declaration dropped so ajv validates it against its default (draft-07) meta-schema.
// Everything else in draft-04 means the same in draft-07. ajv runs in strict mode, so a keyword
// it does not know would stop the compile rather than be ignored.
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose value is a map from names to schemas. */
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];
/** Keywords whose value is a schema. */
const SCHEMA_VALUES = [
  'additionalProperties',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/** Returns a draft-07 equivalent of a draft-04 schema (the input is not changed). */
export function upgradeDraft04(schema: Json, root = true): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' && root) continue;
    if (key === 'id' && typeof value === 'string') out.$id = value;
    else if (SCHEMA_MAPS.includes(key) && isObject(value)) {
      // `dependencies` values may also be arrays of property names, which upgrade unchanged.
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, upgradeDraft04(v, false)]));
    } else if (SCHEMA_VALUES.includes(key)) out[key] = upgradeDraft04(value, false);
    else if (SCHEMA_LISTS.includes(key) && Array.isArray(value))
      out[key] = value.map((v) => upgradeDraft04(v, false));
    else if (key === 'items') {
      out[key] = Array.isArray(value)
        ? value.map((v) => upgradeDraft04(v, false))
        : upgradeDraft04(value, false);
    } else out[key] = value;
  }
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else {
      delete out[flag];
    }
  }
  return out;
}

export type ManifestValidator = (manifest: unknown) => string[];

const compiled = new Map<string, Promise<ManifestValidator>>();

/** Compiles the Teams manifest schema at `schemaPath` (once per path). */
export function manifestValidator(schemaPath = defaultSchemaPath): Promise<ManifestValidator> {
  let validator = compiled.get(schemaPath);
  if (!validator) {
    validator = compileValidator(schemaPath);
    validator.catch(() => compiled.delete(schemaPath));
    compiled.set(schemaPath, validator);
  }
  return validator;
}

async function compileValidator(schemaPath: string): Promise<ManifestValidator> {
  if (!existsSync(schemaPath)) {
    throw new ManifestError([
      `schemat för Teams-manifest 1.29 finns inte i ${schemaPath}. Hämta ${SCHEMA_DOWNLOAD} och ange sökvägen i TEAMS_MANIFEST_SCHEMA`,
    ]);
  }
  const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as Json;
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    // The Teams schema leaves `type` implicit in places; that is legal JSON Schema.
    strictTypes: false,
    strictTuples: false,
    // `dependencies` there lists properties that are declared beside it, not inside it.
    strictRequired: false,
    // The only format in the schema (`$schema`'s "uri"); ajv-formats is not needed for one.
    formats: { uri: (value: string) => URL.canParse(value) },
  });
  let validate: ReturnType<Ajv['compile']>;
  try {
    validate = ajv.compile(upgradeDraft04(schema) as JsonObject);
  } catch (error) {
    throw new ManifestError([`schemat ${schemaPath} kunde inte kompileras: ${(error as Error).message}`]);
  }
  return (manifest) => (validate(manifest) ? [] : describeErrors(validate.errors ?? []));
}

function describeErrors(errors: readonly ErrorObject[]): string[] {
  const lines = errors.map((e) => {
    const at = e.instancePath || '(roten)';
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        return `${at}: "${String(p.missingProperty)}" saknas`;
      case 'maxLength':
      case 'minLength': {
        const length = typeof e.data === 'string' ? ` (är ${[...e.data].length})` : '';
        return `${at}: får vara ${e.keyword === 'maxLength' ? 'högst' : 'minst'} ${String(p.limit)} tecken${length}`;
      }
      case 'maxItems':
      case 'minItems':
        return `${at}: får ha ${e.keyword === 'maxItems' ? 'högst' : 'minst'} ${String(p.limit)} element`;
      case 'pattern':
        return `${at}: "${String(e.data)}" har fel form (ska matcha ${String(p.pattern)})`;
      case 'additionalProperties':
        return `${at}: okänd egenskap "${String(p.additionalProperty)}"`;
      case 'enum':
        return `${at}: ska vara ett av ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      case 'const':
        return `${at}: ska vara ${JSON.stringify(p.allowedValue)}`;
      case 'type':
        return `${at}: ska vara av typen ${String(p.type)}`;
      default:
        return `${at}: ${e.message ?? e.keyword}`;
    }
  });
  return [...new Set(lines)];
}

// ---------------------------------------------------------------------------------------------
// The package.
// ---------------------------------------------------------------------------------------------

export interface BuildOptions {
  /** Where the settings come from (src/config/package-settings.ts reads them). */
  readonly env: Environment;
  /** manifest.template.json, the icons and language files; default `deployment/appPackage/`. */
  readonly appPackageDir?: string;
  /** Where the zip is written; default `deployment/dist/`. */
  readonly outDir?: string;
  /** The Teams manifest schema; default TEAMS_MANIFEST_SCHEMA or the copy in `deployment/schemas/`. */
  readonly schemaPath?: string;
  /** APP_VERSION's default; default the version in package.json. */
  readonly defaultVersion?: string;
}

export interface AppPackage {
  readonly zipPath: string;
  readonly manifest: JsonObject;
  readonly settings: PackageSettings;
  /** The files at the zip root. */
  readonly files: readonly string[];
  readonly warnings: readonly string[];
}

/** Fixed timestamps, so the same input gives a byte-identical zip. */
const ZIP_DATE = new Date('2024-01-01T00:00:00Z');

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Fills `{{NAME}}` placeholders in the template text; unknown placeholders are problems. */
export function fillTemplate(
  text: string,
  values: Readonly<Record<string, string>>,
): { text: string; problems: string[] } {
  const problems: string[] = [];
  const filled = text.replace(/\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      problems.push(`manifest.template.json: okänd platshållare ${whole}`);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  return { text: filled, problems };
}

/** Path segments of a localisation key: `bots[0].commandLists[0].commands[3].title`. */
function keyPath(key: string): (string | number)[] {
  return [...key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''),
  );
}

/** The manifest with a language file's strings applied, or the problems with its keys. */
function localise(
  manifest: JsonObject,
  strings: JsonObject,
  file: string,
): { manifest: JsonObject; problems: string[] } {
  const copy = structuredClone(manifest);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(strings)) {
    if (key === '$schema') continue;
    const segments = keyPath(key);
    const last = segments.pop();
    let target: Json | undefined = copy;
    for (const s of segments) target = (target as Record<string | number, Json> | undefined)?.[s];
    const parent = target as Record<string | number, Json> | undefined;
    if (
      last === undefined ||
      typeof parent !== 'object' ||
      parent === null ||
      typeof parent[last] !== 'string'
    ) {
      problems.push(`${file}: "${key}" motsvarar ingen text i manifestet`);
    } else if (typeof value !== 'string') {
      problems.push(`${file}: "${key}" ska vara en text`);
    } else {
      parent[last] = value;
    }
  }
  return { manifest: copy, problems };
}

/** Builds, validates and writes the Teams app package. Throws SettingsError or ManifestError. */
export async function buildAppPackage(options: BuildOptions): Promise<AppPackage> {
  const dir = options.appPackageDir ?? defaultAppPackageDir;
  const outDir = options.outDir ?? defaultOutDir;
  const { settings, warnings } = readPackageSettings(
    options.env,
    options.defaultVersion ?? (await packageVersion()),
  );
  const schemaPath = options.schemaPath ?? settings.manifestSchema ?? defaultSchemaPath;

  const template = await readFile(path.join(dir, 'manifest.template.json'), 'utf8');
  const filled = fillTemplate(template, {
    APP_VERSION: settings.version,
    TEAMS_APP_ID: settings.teamsAppId,
    BOT_ID: settings.botId,
    BOT_DOMAIN: settings.botDomain,
    ACCENT_COLOR,
    DEVELOPER_NAME: settings.developer.name,
    DEVELOPER_WEBSITE_URL: settings.developer.websiteUrl,
    DEVELOPER_PRIVACY_URL: settings.developer.privacyUrl,
    DEVELOPER_TERMS_URL: settings.developer.termsOfUseUrl,
  });
  if (filled.problems.length > 0) throw new ManifestError(filled.problems);
  let manifest: JsonObject;
  try {
    manifest = JSON.parse(filled.text) as JsonObject;
  } catch (error) {
    throw new ManifestError([`manifest.template.json är inte giltig JSON: ${(error as Error).message}`]);
  }

  const validate = await manifestValidator(schemaPath);
  const problems = validate(manifest).map((p) => `manifest.json ${p}`);
  const files = new Map<string, Buffer>();
  files.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));

  const readPart = async (name: string): Promise<Buffer | null> => {
    if (path.basename(name) !== name) {
      problems.push(`${name}: filerna ska ligga i paketets rot`);
      return null;
    }
    try {
      return await readFile(path.join(dir, name));
    } catch {
      problems.push(`${name} saknas i ${dir}`);
      return null;
    }
  };

  const icons = isObject(manifest.icons) ? manifest.icons : {};
  for (const kind of ['color', 'outline'] as const) {
    const name = icons[kind];
    if (typeof name !== 'string') continue; // the schema has already said so
    const file = await readPart(name);
    if (!file) continue;
    problems.push(...iconProblems(kind, file, name));
    files.set(name, file);
  }

  const info = isObject(manifest.localizationInfo) ? manifest.localizationInfo : {};
  const languages = Array.isArray(info.additionalLanguages) ? info.additionalLanguages : [];
  for (const language of languages) {
    if (!isObject(language) || typeof language.file !== 'string') continue;
    const file = await readPart(language.file);
    if (!file) continue;
    let strings: Json;
    try {
      strings = JSON.parse(file.toString('utf8')) as Json;
    } catch (error) {
      problems.push(`${language.file} är inte giltig JSON: ${(error as Error).message}`);
      continue;
    }
    if (!isObject(strings)) {
      problems.push(`${language.file} ska vara ett JSON-objekt`);
      continue;
    }
    const localised = localise(manifest, strings, language.file);
    problems.push(...localised.problems);
    problems.push(...validate(localised.manifest).map((p) => `${language.file} ger manifestet ${p}`));
    files.set(language.file, file);
  }

  if (problems.length > 0) throw new ManifestError(problems);

  const zip = new JSZip();
  for (const [name, content] of files) zip.file(name, content, { date: ZIP_DATE });
  const zipped = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
  });
  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, `uppfoljningsboten-${settings.version}.zip`);
  await writeFile(zipPath, zipped);
  return { zipPath, manifest, settings, files: [...files.keys()], warnings };
}

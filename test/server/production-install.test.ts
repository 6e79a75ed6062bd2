/**
 * Development-only packages stay out of the production install (`npm ci --omit=dev`, as the
 * Dockerfile and the deploy guide run it): nothing on a production code path loads them.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DEV_ONLY = ['azurite', 'botframework-webchat'];

/** Where each may be loaded: only when it is used, and never in production. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // The child process of embedded Azurite, which settings refuse in production.
  azurite: ['src/storage/azurite-host.cjs', 'src/storage/azurite.ts'],
  // The /dev page, mounted only while bot authentication is off (never in production).
  'botframework-webchat': ['src/dev/page.ts'],
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|cjs|js|mjs)$/.test(e.name))
    .map((e) => path.relative(process.cwd(), path.join(e.parentPath, e.name)));
}

describe('the production install', () => {
  it('has azurite and botframework-webchat as development dependencies only', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const name of DEV_ONLY) {
      expect(pkg.dependencies[name], name).toBeUndefined();
      expect(pkg.devDependencies[name], name).toBeDefined();
    }
    const runtime = (await readFile('Dockerfile', 'utf8')).split(/^FROM .* AS runtime$/m)[1] ?? '';
    expect(runtime).toMatch(/npm ci --omit=dev/);
  });

  it('loads them nowhere but where they are used, and never with a static import', async () => {
    for (const file of await sourceFiles('src')) {
      const text = await readFile(file, 'utf8');
      for (const name of DEV_ONLY) {
        const static_ = new RegExp(`^\\s*import[^;]*from\\s+['"]${name}(/[^'"]*)?['"]`, 'm');
        expect(static_.test(text), `${file} imports ${name} statically`).toBe(false);
        if (text.includes(`'${name}`) && !ALLOWED[name]?.includes(file)) {
          throw new Error(`${file} mentions ${name}, which is not installed in production`);
        }
      }
    }
  });
});

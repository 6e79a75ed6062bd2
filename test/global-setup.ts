import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedAzurite, startEmbeddedAzurite } from '../src/storage/azurite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    azuriteConnectionString: string;
  }
}

let azurite: EmbeddedAzurite | undefined;
let dataDir: string | undefined;

/** One real Azurite for the whole run, started the way the app starts it. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = await mkdtemp(path.join(tmpdir(), 'uppf-test-azurite-'));
  azurite = await startEmbeddedAzurite(dataDir);
  project.provide('azuriteConnectionString', azurite.connectionString);
}

export async function teardown(): Promise<void> {
  await azurite?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

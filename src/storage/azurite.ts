import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Azurite's documented development account; not a secret. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzurite {
  readonly connectionString: string;
  readonly port: number;
  readonly dataDir: string;
  /** Flushes Azurite's database to disk and ends the child process. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export function azuriteConnectionString(port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`
  );
}

/** Starts Azurite's Table service as a child process on a free loopback port, persisting under `dataDir`. */
export async function startEmbeddedAzurite(dataDir: string): Promise<EmbeddedAzurite> {
  // azurite is a development dependency: a production install (npm ci --omit=dev) does not have it.
  try {
    createRequire(import.meta.url).resolve('azurite/package.json');
  } catch {
    throw new Error(
      'Inbyggd Azurite finns inte i den här installationen (den installeras bara för utveckling). ' +
        'Ange STORAGE_ACCOUNT_URL eller STORAGE_CONNECTION_STRING, eller kör npm ci med utvecklingsberoenden.',
    );
  }
  const host = fileURLToPath(new URL('./azurite-host.cjs', import.meta.url));
  const child = fork(host, [dataDir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite startade inte inom ${START_TIMEOUT_MS / 1000} s. ${stderr}`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: { type: string; port?: number; message?: string }) => {
      clearTimeout(timer);
      if (message.type === 'ready' && message.port) resolve(message.port);
      else reject(new Error(`Azurite kunde inte starta: ${message.message ?? 'okänt fel'}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite avslutades vid start (kod ${code}). ${stderr}`));
    });
  });
  return { connectionString: azuriteConnectionString(port), port, dataDir, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}

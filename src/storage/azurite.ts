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
  /** The process id of the running Azurite child, if one runs. */
  pid(): number | undefined;
  /**
   * Resolves once Azurite has written its database file (it otherwise saves every 5 s): what was
   * written before the call survives Azurite or the bot being killed.
   */
  flush(): Promise<void>;
  /** Flushes Azurite's database to disk and ends the child process. */
  stop(): Promise<void>;
}

export interface EmbeddedAzuriteOptions {
  /**
   * Azurite died and could not be started again (after `maxRestarts` attempts): the message says
   * so in Swedish. The app must stop: without storage it can acknowledge nothing.
   */
  readonly onLost?: (message: string) => void;
  /** Azurite was restarted after dying (for the log). */
  readonly onRestarted?: (info: { attempt: number; code: number | null; signal: string | null }) => void;
  /** Restart attempts over the process's lifetime. Default 3. */
  readonly maxRestarts?: number;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESTARTS = 3;
const FLUSH_TIMEOUT_MS = 10_000;

export function azuriteConnectionString(port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`
  );
}

/**
 * Starts Azurite's Table service as a child process on a free loopback port, persisting under
 * `dataDir`, and watches it: a child that exits without being asked to is started again on the
 * same data and port (the table clients keep their address), at most `maxRestarts` times.
 */
export async function startEmbeddedAzurite(
  dataDir: string,
  options: EmbeddedAzuriteOptions = {},
): Promise<EmbeddedAzurite> {
  // azurite is a development dependency: a production install (npm ci --omit=dev) does not have it.
  try {
    createRequire(import.meta.url).resolve('azurite/package.json');
  } catch {
    throw new Error(
      'Inbyggd Azurite finns inte i den här installationen (den installeras bara för utveckling). ' +
        'Ange STORAGE_ACCOUNT_URL eller STORAGE_CONNECTION_STRING, eller kör npm ci med utvecklingsberoenden.',
    );
  }
  const maxRestarts = options.maxRestarts ?? DEFAULT_MAX_RESTARTS;
  let stopping = false;
  let attempts = 0;
  let { child, port } = await spawnHost(dataDir, 0);
  let nextFlush = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  const watch = (watched: ChildProcess) => {
    watched.on('message', (message: { type?: string; id?: number; error?: string | null }) => {
      if (message?.type !== 'flushed' || typeof message.id !== 'number') return;
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`Azurite kunde inte spara: ${message.error}`));
      else waiter?.resolve();
    });
    watched.once('exit', (code, signal) => {
      for (const [id, waiter] of pending) {
        pending.delete(id);
        waiter.reject(new Error('Azurite avslutades innan databasen sparades'));
      }
      if (!stopping) void restart(code, signal);
    });
  };
  const restart = async (code: number | null, signal: string | null): Promise<void> => {
    let lastError = '';
    while (!stopping && attempts < maxRestarts) {
      attempts += 1;
      try {
        ({ child } = await spawnHost(dataDir, port));
        if (stopping) {
          await stopChild(child);
          return;
        }
        watch(child);
        options.onRestarted?.({ attempt: attempts, code, signal });
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    if (stopping) return;
    options.onLost?.(
      `Den inbyggda lagringen (Azurite) avslutades oväntat (${signal ?? `kod ${code}`}) och kunde inte ` +
        `startas om (${attempts} försök). Uppföljningsboten stängs av så att inget fler svar tas emot ` +
        `utan att kunna sparas. Data finns i ${dataDir}; starta om med npm start. ${lastError}`.trim(),
    );
  };
  watch(child);

  return {
    connectionString: azuriteConnectionString(port),
    port,
    dataDir,
    pid: () => (child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    flush: () =>
      new Promise<void>((resolve, reject) => {
        const current = child;
        if (!current.connected) {
          reject(new Error('Azurite körs inte just nu'));
          return;
        }
        nextFlush += 1;
        const id = nextFlush;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`Azurite sparade inte inom ${FLUSH_TIMEOUT_MS / 1000} s`));
        }, FLUSH_TIMEOUT_MS);
        pending.set(id, {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        current.send({ type: 'flush', id });
      }),
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

/** Forks the Azurite host on `port` (0: any free one) and waits until it listens. */
async function spawnHost(dataDir: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const host = fileURLToPath(new URL('./azurite-host.cjs', import.meta.url));
  const child = fork(host, [dataDir, String(port)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite startade inte inom ${START_TIMEOUT_MS / 1000} s. ${stderr}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`Azurite avslutades vid start (kod ${code}). ${stderr}`));
    };
    child.once('message', (message: { type: string; port?: number; message?: string }) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (message.type === 'ready' && message.port) resolve(message.port);
      else reject(new Error(`Azurite kunde inte starta: ${message.message ?? 'okänt fel'}`));
    });
    child.once('exit', onExit);
  });
  return { child, port: listening };
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

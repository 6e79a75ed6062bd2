/**
 * Shared by the benchmarks: machine description, a CPU calibration (the in-run baseline for
 * figures without a natural one), percentiles, Markdown tables and the results file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
/** The instant every benchmark freezes the app's clock at (August 2024 is open, deadline 6 Sep). */
export const FOLLOWUP_NOW = '2024-09-03T10:00:00+02:00';
export const PERIOD_ID = '2024-08';
export const COMMITTEE_ID = 'an';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  /** 1-minute load average when the benchmark started: other work on the machine skews figures. */
  readonly load1: number;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'okänd',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
    load1: round(os.loadavg()[0] ?? 0, 2),
  };
}

/**
 * A fixed, single-threaded CPU workload (hashing and JSON round trips, about what a turn does):
 * the median of 5 runs, in ms. Figures without a natural baseline are divided by it, so the
 * ratio travels between machines better than seconds do.
 */
export function calibrationMs(): number {
  const doc = {
    units: Array.from({ length: 200 }, (_, i) => ({
      id: `enhet-${i}`,
      text: 'Fler hushåll har gått till egen försörjning – 3 090 personer fick stöd.'.repeat(3),
      values: Array.from({ length: 20 }, (_, j) => i * j),
    })),
  };
  const once = () => {
    const start = performance.now();
    let digest = '';
    for (let i = 0; i < 20; i++) {
      const json = JSON.stringify(doc);
      const back = JSON.parse(json) as typeof doc;
      digest = createHash('sha256').update(json).update(String(back.units.length)).digest('hex');
    }
    if (digest.length !== 64) throw new Error('calibration');
    return performance.now() - start;
  };
  once();
  const runs = Array.from({ length: 5 }, once).sort((a, b) => a - b);
  return round(runs[2] ?? 0, 1);
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function round(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function mb(bytes: number): number {
  return round(bytes / 2 ** 20, 1);
}

/** A Markdown table; numbers are printed as given. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '–' : String(v).replace(/\|/g, '\\|'));
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Prints a titled table (vitest shows it on stdout). */
export function printTable(title: string, table: string, notes: readonly string[] = []): void {
  console.log(['', `### ${title}`, '', table, ...(notes.length ? ['', ...notes] : []), ''].join('\n'));
}

/** `YYYY-MM-DD` in local time. */
export function today(): string {
  return new Date().toLocaleDateString('sv-SE');
}

/**
 * Merges one benchmark's section into `bench/results/<date>.json` (files run one at a time, so
 * read-modify-write is safe) and formats it the way Biome wants, so `npm run lint` stays green.
 * With BENCH_QUICK=1 nothing is written.
 */
export function writeResult(section: string, data: unknown): string | null {
  // A smoke run's small counts are not results: nothing is written.
  if (process.env.BENCH_QUICK === '1') return null;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${today()}.json`);
  let current: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      current = {};
    }
  }
  current.date = today();
  current.machine = machine();
  current[section] = data;
  const ordered = Object.fromEntries(
    Object.entries(current).sort(([a], [b]) => sectionOrder(a) - sectionOrder(b) || a.localeCompare(b)),
  );
  writeFileSync(file, `${JSON.stringify(ordered, null, 2)}\n`);
  const biome = path.join(ROOT, 'node_modules', '.bin', 'biome');
  if (existsSync(biome)) spawnSync(biome, ['format', '--write', file], { cwd: ROOT, stdio: 'ignore' });
  return file;
}

function sectionOrder(key: string): number {
  const order = ['date', 'machine', 'B1', 'B2', 'B3', 'B4', 'R1'];
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

/** A TCP port that was free a moment ago (for child processes that need PORT up front). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `work` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** A unique, valid TABLE_PREFIX (letters and digits, ≤ 21). */
export function tablePrefix(tag: string): string {
  return `${tag}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.slice(0, 21);
}

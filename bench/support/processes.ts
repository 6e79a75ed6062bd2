/**
 * Child processes for the benchmarks: the built bot (`node dist/index.js`) as `npm start` runs
 * it, and what /proc says about a process (resident memory, CPU time, its children, the process
 * behind a listening port). Linux only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { ROOT, sleep } from './common.js';

export const DIST_ENTRY = path.join(ROOT, 'dist', 'index.js');

/** Resident set size in bytes, from /proc/<pid>/status; 0 when the process is gone. */
export function vmRss(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; everything after the last ')' is safe to split.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Direct children of `pid`. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    // After the name: state (0), ppid (1).
    if (fields && Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/** User + system CPU time of a process, ms (clock ticks are 100 Hz on Linux). */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat, i.e. 11 and 12 after the name.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The process listening on 127.0.0.1:`port` (one of ours: other users' /proc/<pid>/fd is unreadable). */
export function pidListeningOn(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1] ?? '';
      if (cols[3] === '0A' && local.endsWith(`:${hexPort}`) && cols[9]) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

/** Polls `url` until it answers `status`; resolves with the ms waited, rejects after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  options: { status?: number; timeoutMs?: number; intervalMs?: number; since?: number } = {},
): Promise<number> {
  const start = options.since ?? performance.now();
  const deadline = performance.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === (options.status ?? 200)) return performance.now() - start;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} svarade inte ${options.status ?? 200} i tid`);
    await sleep(options.intervalMs ?? 10);
  }
}

/** Waits until `file` no longer exists; true if it went within `timeoutMs`. */
export async function waitForFileGone(file: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (existsSync(file)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

export interface SpawnedProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** performance.now() right before spawn. */
  readonly spawnedAt: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KB of stdout and stderr, for failure messages. */
  output(): string;
}

/** Spawns `node <args>` in the repository root with exactly `env` (plus PATH and HOME). */
export function spawnNode(args: readonly string[], env: Record<string, string>): SpawnedProcess {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  if (child.pid === undefined) throw new Error('spawn failed');
  return { child, pid: child.pid, spawnedAt, exited, output: () => output };
}

/**
 * The bot as `npm start` runs it after the build, with the settings given; `entry` another build's
 * `dist/index.js` (B4 compares with an earlier commit in the same run).
 */
export function spawnBot(env: Record<string, string>, entry = DIST_ENTRY): SpawnedProcess {
  if (!existsSync(entry)) throw new Error(`${entry} saknas: kör npm run build`);
  return spawnNode([entry], { NODE_ENV: 'development', ...env });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
export async function stopProcess(p: SpawnedProcess, graceMs = 15_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
  await p.exited;
  clearTimeout(timer);
}

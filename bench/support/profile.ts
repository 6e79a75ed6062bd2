/**
 * "Where a goal is missed, say what bounds it": a V8 CPU profile of this process while `work`
 * runs, with self time summed per package (node_modules/<pkg>), per source folder (src/<dir>)
 * and per Node internal, so the table says where the milliseconds of a turn go.
 */
import { Session } from 'node:inspector/promises';
import { round } from './common.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  readonly what: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time. */
  readonly share: number;
}

function category(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return '(idle)';
    return `${functionName || '(native)'}`;
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return `npm ${pkg}`;
  }
  const src = /\/(src|dist|test|bench)\/([^/?]+)/.exec(url);
  if (src) {
    return src[1] === 'src' || src[1] === 'dist'
      ? `src/${src[2]?.replace(/\.[jt]s$/, '')}`
      : `${src[1]} (load generator)`;
  }
  if (url.startsWith('node:internal/deps/undici')) return 'node: undici (fetch, load generator)';
  if (url.startsWith('node:')) {
    const parts = url.slice('node:'.length).split('/');
    return `node: ${parts[0] === 'internal' ? (parts[1] ?? 'internal') : parts[0]}`;
  }
  return url.split('/').pop() ?? url;
}

export async function profile<T>(
  work: () => Promise<T>,
  top = 12,
): Promise<{ result: T; lines: ProfileLine[]; busyMs: number }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  let result: T;
  let cpu: CpuProfile;
  try {
    result = await work();
  } finally {
    cpu = ((await session.post('Profiler.stop')) as { profile: CpuProfile }).profile;
    session.disconnect();
  }
  return { result: result as T, ...summarizeProfile(cpu, top) };
}

/** Self time per category (see `category`), busiest first; idle time and the profiler left out. */
export function summarizeProfile(cpu: CpuProfile, top = 12): { lines: ProfileLine[]; busyMs: number } {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n);
  /** Native code (no script url) is counted where JavaScript called it from. */
  const categoryOf = (node: ProfileNode): string => {
    const own = category(node.callFrame);
    if (node.callFrame.url || own === 'GC' || own === '(idle)' || own.startsWith('(')) return own;
    for (let p = parent.get(node.id); p; p = parent.get(p.id)) {
      if (p.callFrame.url) return category(p.callFrame);
    }
    return own;
  };
  const totals = new Map<string, number>();
  const samples = cpu.samples ?? [];
  const deltas = cpu.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] ?? -1);
    if (!node) continue;
    const what = categoryOf(node);
    totals.set(what, (totals.get(what) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  if (process.env.BENCH_PROFILE_FUNCTIONS === '1') printFunctions(cpu, byId);
  totals.delete('(idle)');
  // The profiler's own traffic.
  totals.delete('node: inspector');
  const busyMs = [...totals.values()].reduce((a, b) => a + b, 0);
  const lines = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([what, ms]) => ({ what, ms: round(ms, 0), share: round((100 * ms) / busyMs, 1) }));
  return { lines, busyMs: round(busyMs, 0) };
}

/** BENCH_PROFILE_FUNCTIONS=1: the busiest functions by self time, for digging into a category. */
function printFunctions(cpu: CpuProfile, byId: ReadonlyMap<number, ProfileNode>): void {
  const own = new Map<string, number>();
  const samples = cpu.samples ?? [];
  const deltas = cpu.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] ?? -1);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}`;
    own.set(where, (own.get(where) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const lines = [...own.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  console.log(lines.map(([w, ms]) => `${round(ms, 0).toString().padStart(6)} ms  ${w}`).join('\n'));
}

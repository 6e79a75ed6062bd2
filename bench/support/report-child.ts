/**
 * B2's measurement runs in a fresh `node` per size, against the built `dist/`, so that its peak
 * RSS (getrusage maxrss) is that size's alone, as `npm run report` would see it. The child reads
 * the period from Azurite and aggregates it (`buildReport`), renders docx and xlsx, and prints
 * one JSON line.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './common.js';
import { spawnNode } from './processes.js';
import type { CpuProfile } from './profile.js';

export interface ReportChildInput {
  readonly configDir: string;
  readonly connectionString: string;
  readonly prefix: string;
  readonly periodId: string;
  readonly now: string;
  /** Where to write the warm run's report.docx and report.xlsx (for B2's floors). */
  readonly saveDir?: string;
}

export interface ReportChildResult {
  /**
   * Seconds, of the second (warm) of two runs in the child: reading the answers, aggregating,
   * docx, xlsx. `coldTotalS` is the first run, in a fresh process as `npm run report` runs.
   */
  readonly readS: number;
  readonly aggregateS: number;
  readonly docxS: number;
  readonly xlsxS: number;
  readonly totalS: number;
  /** CPU seconds of the warm run's phases in the child (the read's excludes Azurite's). */
  readonly cpu: {
    readonly readS: number;
    readonly aggregateS: number;
    readonly docxS: number;
    readonly xlsxS: number;
  };
  readonly coldTotalS: number;
  /** Bytes: RSS once modules, configuration and storage are loaded; the peak over the process's life. */
  readonly rssReady: number;
  readonly peakRss: number;
  readonly docxBytes: number;
  readonly xlsxBytes: number;
  readonly answersRead: number;
}

/** The child's program (ES module, plain JavaScript over dist/). */
const SOURCE = `
const input = JSON.parse(process.env.B2_INPUT);
const dist = input.distUrl;
const { loadConfig } = await import(dist + 'config/load-config.js');
const { openStorage } = await import(dist + 'storage/index.js');
const { buildReport } = await import(dist + 'reporting/build-report.js');
const { renderDocx } = await import(dist + 'reporting/render-docx.js');
const { renderXlsx } = await import(dist + 'reporting/render-xlsx.js');
const { readReportTemplate } = await import(dist + 'reporting/report-template.js');
const { shippedTemplateFile } = await import(dist + 'config/settings.js');
const template = await readReportTemplate(shippedTemplateFile);
const config = await loadConfig(input.configDir);
const period = config.periods.find((p) => p.id === input.periodId);
const storage = await openStorage({ kind: 'connectionString', connectionString: input.connectionString }, input.prefix);
const rssReady = process.memoryUsage().rss;
let answersRead = 0;
const answers = {
  listPeriod: async (c, p) => { const list = await storage.answers.listPeriod(c, p); answersRead += list.length; return list; },
  history: (key) => storage.answers.history(key),
};
async function once() {
  const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
  const t0 = performance.now();
  const u0 = cpu();
  let readDone = t0;
  let readCpu = u0;
  const model = await buildReport(
    { config, answers, decisions: storage.decisions, now: () => new Date(input.now) },
    period,
    { onProgress: () => { readDone = performance.now(); readCpu = cpu(); } },
  );
  const t1 = performance.now();
  const u1 = cpu();
  const docx = await renderDocx(model, template, config.calendar.timeZone);
  const t2 = performance.now();
  const u2 = cpu();
  const xlsx = await renderXlsx(model, config.calendar.timeZone);
  const t3 = performance.now();
  const u3 = cpu();
  const s = (ms) => Math.round(ms) / 1000;
  return { readS: s(readDone - t0), aggregateS: s(t1 - readDone), docxS: s(t2 - t1), xlsxS: s(t3 - t2), totalS: s(t3 - t0),
    cpu: { readS: s(readCpu - u0), aggregateS: s(u1 - readCpu), docxS: s(u2 - u1), xlsxS: s(u3 - u2) },
    docxBytes: docx.length, xlsxBytes: xlsx.length, docx, xlsx };
}
const cold = await once();
const read = answersRead;
const { docx, xlsx, ...warm } = await once();
const peakRss = process.resourceUsage().maxRSS * 1024;
await storage.close();
if (input.saveDir) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(input.saveDir + '/report.docx', docx);
  await writeFile(input.saveDir + '/report.xlsx', xlsx);
}
process.stdout.write('B2RESULT ' + JSON.stringify({
  ...warm, coldTotalS: cold.totalS, rssReady, peakRss, answersRead: read,
}) + '\\n');
`;

/**
 * Runs one measurement; with `cpuProfDir`, V8 writes the child's CPU profile there; `distDir`
 * another build's dist/ (B2 compares with an earlier commit in the same run).
 */
export async function runReportChild(
  input: ReportChildInput,
  options: { cpuProfDir?: string; distDir?: string } = {},
): Promise<ReportChildResult> {
  const distUrl = pathToFileURL(path.join(options.distDir ?? path.join(ROOT, 'dist'), path.sep)).href;
  const profiling = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const child = spawnNode([...profiling, '--input-type=module', '-e', SOURCE], {
    B2_INPUT: JSON.stringify({ ...input, distUrl }),
  });
  const { code } = await child.exited;
  const line = child
    .output()
    .split('\n')
    .find((l) => l.startsWith('B2RESULT '));
  if (code !== 0 || !line) throw new Error(`B2-barnprocessen misslyckades (kod ${code}):\n${child.output()}`);
  return JSON.parse(line.slice('B2RESULT '.length)) as ReportChildResult;
}

/** The CPU profile the child left in `dir`. */
export async function readChildProfile(dir: string): Promise<CpuProfile> {
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`ingen .cpuprofile i ${dir}`);
  return JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
}

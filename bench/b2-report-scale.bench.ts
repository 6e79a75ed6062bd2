/**
 * B2 report scale: 50, 100, 200 and 400 units, each answering every nämndmål it has (synthetic
 * units: all of them, with their indicators), the economy and its uppdrag, and sending in, for
 * August 2024. Written to Azurite through the answer store, then read back, aggregated and
 * rendered to docx and xlsx in a fresh process per size (seconds and peak RSS).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Period } from '../src/calendar/periods.js';
import { type CommitteeConfig, loadConfig, type Unit } from '../src/config/load-config.js';
import { openStorage, type Storage } from '../src/storage/index.js';
import { joinKey } from '../src/storage/keys.js';
import { tableNames } from '../src/storage/tables.js';
import {
  COMMITTEE_ID,
  calibrationMs,
  FOLLOWUP_NOW,
  mapLimit,
  markdownTable,
  mb,
  PERIOD_ID,
  printTable,
  ROOT,
  round,
  tablePrefix,
  writeResult,
} from './support/common.js';
import { type FloorChildResult, runFloorChild } from './support/floor-child.js';
import { type ProfileLine, summarizeProfile } from './support/profile.js';
import { type ReportChildResult, readChildProfile, runReportChild } from './support/report-child.js';
import {
  itemSteps,
  loadShipped,
  payloadFor,
  stepValues,
  syntheticOrganisation,
  writeConfigDir,
} from './support/synthetic-config.js';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = QUICK ? [20, 40] : [50, 100, 200, 400];
const REQUIRED = ['build-report', 'render-docx', 'render-xlsx'];
/** Another build's dist/ (e.g. an earlier commit): its report child runs at the largest size too. */
const COMPARE = process.env.BENCH_B2_COMPARE;
/** Goals at the largest size: ≤ 1.5 × the summed floors, peak RSS ≤ 400 MB. */
const FLOOR_GOAL = 1.5;
const PEAK_GOAL_MB = 400;

const LOREM =
  'Arbetet med Arena Arbetsmarknad fortsätter och fler deltagare har gått vidare till arbete eller studier. ' +
  'Samverkan med Arbetsförmedlingen har utvecklats under perioden och väntetiderna har kortats. ';

function missingModules(): string[] {
  return REQUIRED.filter(
    (m) =>
      !existsSync(path.join(ROOT, 'src', 'reporting', `${m}.ts`)) ||
      !existsSync(path.join(ROOT, 'dist', 'reporting', `${m}.js`)),
  );
}

/** Writes every item of `unit` (revision 1, complete) and its submission. Returns the saves made. */
async function writeUnit(
  storage: Storage,
  config: CommitteeConfig,
  period: Period,
  unit: Unit,
  seed: number,
) {
  const by = {
    aadObjectId: unit.managers[0]?.aadObjectId ?? 'okand',
    name: unit.managers[0]?.name ?? 'Chef',
  };
  const at = '2024-09-02T08:00:00.000Z';
  const steps = itemSteps(unit).filter((s) => s !== 'submission');
  for (const [i, step] of steps.entries()) {
    const text = `${LOREM}${unit.name}, ${step}.`;
    const payload = payloadFor(
      config,
      unit,
      step,
      period,
      stepValues(config, unit, step, period, seed + i, text),
    );
    const result = await storage.answers.save({
      committeeId: COMMITTEE_ID,
      periodId: period.id,
      unitId: unit.id,
      item: step,
      expectedRevision: 0,
      state: 'complete',
      payload,
      answeredBy: by,
      answeredAt: at,
      activityId: null,
    });
    if (result.kind !== 'saved') throw new Error(`${unit.id} ${step}: ${result.kind}`);
  }
  const submitted = await storage.answers.save({
    committeeId: COMMITTEE_ID,
    periodId: period.id,
    unitId: unit.id,
    item: 'submission',
    expectedRevision: 0,
    state: 'complete',
    payload: { kind: 'submission', itemRevisions: Object.fromEntries(steps.map((s) => [s, 1])) },
    answeredBy: by,
    answeredAt: '2024-09-02T09:00:00.000Z',
    activityId: null,
  });
  if (submitted.kind !== 'saved') throw new Error(`${unit.id} submission: ${submitted.kind}`);
  return steps.length + 1;
}

interface SizeRow extends ReportChildResult {
  readonly units: number;
  readonly answers: number;
  readonly writeS: number;
}

describe('B2 report scale', () => {
  it('reads, aggregates and renders the report for growing organisations', async () => {
    const missing = missingModules();
    if (missing.length > 0) {
      const message = `B2: reporting module saknas (${missing.join(', ')})`;
      console.log(message);
      writeResult('B2', { skipped: message });
      return;
    }
    const calibration = calibrationMs();
    const workDir = await mkdtemp(path.join(tmpdir(), 'uppf-b2-'));
    const connectionString = inject('azuriteConnectionString');
    const prefix = tablePrefix('btwo');
    const storage = await openStorage({ kind: 'connectionString', connectionString }, prefix);
    const rows: SizeRow[] = [];
    let profileLines: ProfileLine[] = [];
    let profileBusyMs = 0;
    let floors: FloorChildResult | null = null;
    let before: ReportChildResult | null = null;
    try {
      const base = await loadShipped();
      const written = new Set<string>();
      let answers = 0;
      for (const size of SIZES) {
        const configDir = path.join(workDir, `config-${size}`);
        await writeConfigDir(configDir, syntheticOrganisation(base, size - base.units.length));
        const config = await loadConfig(configDir);
        expect(config.units).toHaveLength(size);
        const period = config.periods.find((p) => p.id === PERIOD_ID) as Period;
        // Cumulative: the units of the previous size are already stored.
        const fresh = config.units.filter((u) => !written.has(u.id));
        const t0 = performance.now();
        const counts = await mapLimit(fresh, 16, (unit, i) =>
          writeUnit(storage, config, period, unit, written.size + i),
        );
        const writeS = round((performance.now() - t0) / 1000, 1);
        for (const u of fresh) written.add(u.id);
        answers += counts.reduce((a, b) => a + b, 0);
        const largest = size === SIZES.at(-1);
        const input = { configDir, connectionString, prefix, periodId: PERIOD_ID, now: FOLLOWUP_NOW };
        // The other build first, then ours, back to back on the same rows.
        if (largest && COMPARE) before = await runReportChild(input, { distDir: COMPARE });
        const result = await runReportChild({ ...input, ...(largest ? { saveDir: workDir } : {}) });
        expect(result.answersRead).toBe(answers);
        if (largest) {
          floors = await runFloorChild({
            connectionString,
            table: tableNames(prefix).answers,
            partitionKey: joinKey(COMMITTEE_ID, PERIOD_ID),
            docxFile: path.join(workDir, 'report.docx'),
            xlsxFile: path.join(workDir, 'report.xlsx'),
          });
          // The range read sees every current row of the period: the answers the report read.
          expect(floors.rows).toBe(answers);
        }
        expect(result.docxBytes).toBeGreaterThan(0);
        expect(result.xlsxBytes).toBeGreaterThan(0);
        rows.push({ units: size, answers, writeS, ...result });
      }
      // What bounds it: a CPU profile of one more child at the largest size (whole process life).
      const profDir = path.join(workDir, 'profile');
      await mkdir(profDir);
      const largest = SIZES.at(-1) as number;
      await runReportChild(
        {
          configDir: path.join(workDir, `config-${largest}`),
          connectionString,
          prefix,
          periodId: PERIOD_ID,
          now: FOLLOWUP_NOW,
        },
        { cpuProfDir: profDir },
      );
      const summary = summarizeProfile(await readChildProfile(profDir), 10);
      profileLines = summary.lines;
      profileBusyMs = summary.busyMs;
    } finally {
      await storage.close();
      await rm(workDir, { recursive: true, force: true });
    }

    const first = rows[0] as SizeRow;
    const last = rows.at(-1) as SizeRow;
    const growth = round(last.totalS / first.totalS, 1);
    const coldGrowth = round(last.coldTotalS / first.coldTotalS, 1);
    const rssGrowth = round((last.peakRss - last.rssReady) / Math.max(1, first.peakRss - first.rssReady), 1);
    printTable(
      'B2 report scale',
      markdownTable(
        [
          'units',
          'answers',
          'read s',
          'aggregate s',
          'docx s',
          'xlsx s',
          'total s',
          'total / calibration',
          'cold total s',
          'RSS ready MB',
          'peak RSS MB',
          'docx KB',
          'xlsx KB',
        ],
        rows.map((r) => [
          r.units,
          r.answers,
          r.readS,
          r.aggregateS,
          r.docxS,
          r.xlsxS,
          r.totalS,
          round((1000 * r.totalS) / calibration, 0),
          r.coldTotalS,
          mb(r.rssReady),
          mb(r.peakRss),
          Math.round(r.docxBytes / 1024),
          Math.round(r.xlsxBytes / 1024),
        ]),
      ),
      [
        `Tillväxt ${last.units}/${first.units} enheter: tid ×${growth} (kall ×${coldGrowth}), RSS över "ready" ×${rssGrowth}. ` +
          `Mål ${last.units} enheter ≤ 1 s: varm ${last.totalS <= 1 ? 'met' : 'missed'}, kall ${last.coldTotalS <= 1 ? 'met' : 'missed'}; tillväxt ≤ 9×: ${growth <= 9 ? 'met' : 'missed'}.`,
        `Kalibrering ${calibration} ms. Varje storlek i en ny process; delsiffrorna är den andra (varma) körningen, "cold" den första (som npm run report).`,
      ],
    );
    printTable(
      `B2 profile: the report child at ${last.units} units (imports, cold and warm run)`,
      markdownTable(
        ['where', 'ms', 'share %'],
        profileLines.map((l) => [l.what, l.ms, l.share]),
      ),
      [`Upptaget ${profileBusyMs} ms CPU i barnprocessen.`],
    );
    const floorLines = floors ? floorTable(last, floors, before) : null;
    if (floorLines) printTable(floorLines.title, floorLines.table, floorLines.notes);
    writeResult('B2', {
      calibrationMs: calibration,
      rows: rows.map((r) => ({
        units: r.units,
        answers: r.answers,
        readS: r.readS,
        aggregateS: r.aggregateS,
        docxS: r.docxS,
        xlsxS: r.xlsxS,
        totalS: r.totalS,
        coldTotalS: r.coldTotalS,
        rssReadyMb: mb(r.rssReady),
        peakRssMb: mb(r.peakRss),
        docxKb: Math.round(r.docxBytes / 1024),
        xlsxKb: Math.round(r.xlsxBytes / 1024),
      })),
      growthTime: growth,
      growthColdTime: coldGrowth,
      profile: profileLines.slice(0, 6).map((l) => ({ what: l.what, ms: l.ms, share: l.share })),
      growthRssAboveReady: rssGrowth,
      ...(floorLines ? { floors: floorLines.data } : {}),
    });
  });
});

/**
 * Each phase of the warm run at the largest size against its floor, ours (and another build's), in
 * wall and in CPU seconds: on a loaded machine the CPU ratio is the steadier one.
 */
function floorTable(ours: SizeRow, floor: FloorChildResult, other: ReportChildResult | null) {
  type Phase = 'readS' | 'aggregateS' | 'docxS' | 'xlsxS';
  const phases: [string, Phase, keyof FloorChildResult['cpu']][] = [
    ['read (one range read)', 'readS', 'readS'],
    ['aggregate (one pass over the payloads)', 'aggregateS', 'payloadS'],
    ['docx (zipping its XML)', 'docxS', 'zipS'],
    ['xlsx (exceljs streaming writer, same cells)', 'xlsxS', 'xlsxS'],
  ];
  const sum = round(floor.readS + floor.payloadS + floor.zipS + floor.xlsxS, 3);
  const cpuSum = round(floor.cpu.readS + floor.cpu.payloadS + floor.cpu.zipS + floor.cpu.xlsxS, 3);
  const cpuOf = (r: ReportChildResult) =>
    round(r.cpu.readS + r.cpu.aggregateS + r.cpu.docxS + r.cpu.xlsxS, 3);
  const ratio = (a: number, b: number) => round(a / Math.max(b, 0.001), 1);
  const rows: unknown[][] = phases.map(([what, mine, theirs]) => [
    what,
    ours[mine],
    floor[theirs],
    ratio(ours[mine], floor[theirs]),
    ours.cpu[mine],
    floor.cpu[theirs],
    ratio(ours.cpu[mine], floor.cpu[theirs]),
    ...(other
      ? [other[mine], ratio(other[mine], floor[theirs]), ratio(other.cpu[mine], floor.cpu[theirs])]
      : []),
  ]);
  rows.push([
    'total',
    ours.totalS,
    sum,
    ratio(ours.totalS, sum),
    cpuOf(ours),
    cpuSum,
    ratio(cpuOf(ours), cpuSum),
    ...(other ? [other.totalS, ratio(other.totalS, sum), ratio(cpuOf(other), cpuSum)] : []),
  ]);
  rows.push([
    'peak RSS MB (report child)',
    mb(ours.peakRss),
    mb(floor.peakRss),
    '',
    '',
    '',
    '',
    ...(other ? [mb(other.peakRss), '', ''] : []),
  ]);
  const total = ratio(ours.totalS, sum);
  const cpuTotal = ratio(cpuOf(ours), cpuSum);
  return {
    title: `B2 phases against their floors (${ours.units} units, warm)`,
    table: markdownTable(
      [
        'phase',
        'ours s',
        'floor s',
        'ours / floor',
        'ours CPU s',
        'floor CPU s',
        'CPU ours / floor',
        ...(other ? ['other build s', 'other / floor', 'CPU other / floor'] : []),
      ],
      rows,
    ),
    notes: [
      `Ours / summed floors ${total}, CPU ${cpuTotal} (mål ≤ ${FLOOR_GOAL}: ${total <= FLOOR_GOAL ? 'met' : 'missed'}); ` +
        `peak RSS ${mb(ours.peakRss)} MB (mål ≤ ${PEAK_GOAL_MB} MB: ${mb(ours.peakRss) <= PEAK_GOAL_MB ? 'met' : 'missed'}).`,
      `Golven i en egen process på samma rader och filer: ${floor.rows} rader, document.xml ${Math.round(floor.documentXmlBytes / 1024)} KB, ${floor.cells} celler. ` +
        'CPU: barnprocessens egen (läsningens utan Azurites).' +
        (other ? ` "Other build" = ${COMPARE}, körd direkt före vår.` : ''),
    ],
    data: {
      floors: {
        readS: floor.readS,
        payloadS: floor.payloadS,
        zipS: floor.zipS,
        xlsxS: floor.xlsxS,
        sumS: sum,
        cpu: { ...floor.cpu, sumS: cpuSum },
      },
      oursOverFloors: total,
      oursCpu: { ...ours.cpu, totalS: cpuOf(ours) },
      oursOverFloorsCpu: cpuTotal,
      peakRssMb: mb(ours.peakRss),
      ...(other
        ? {
            compare: {
              dist: COMPARE,
              readS: other.readS,
              aggregateS: other.aggregateS,
              docxS: other.docxS,
              xlsxS: other.xlsxS,
              totalS: other.totalS,
              cpu: { ...other.cpu, totalS: cpuOf(other) },
              peakRssMb: mb(other.peakRss),
              overFloors: ratio(other.totalS, sum),
              overFloorsCpu: ratio(cpuOf(other), cpuSum),
            },
          }
        : {}),
    },
  };
}

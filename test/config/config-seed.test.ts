import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Document, parseDocument, type YAMLSeq } from 'yaml';
import {
  type CommitteeConfig,
  ConfigError,
  type IndicatorInContext,
  loadConfig,
} from '../../src/config/load-config.js';

const configDir = fileURLToPath(new URL('../../config', import.meta.url));

function indicator(config: CommitteeConfig, id: string): IndicatorInContext {
  const found = config.indicatorsById.get(id);
  if (!found) throw new Error(`indikatorn ${id} saknas`);
  return found;
}

function target(config: CommitteeConfig, id: string, year: string) {
  const t = indicator(config, id).targets[year];
  if (!t) throw new Error(`${id} saknar målvärde för ${year}`);
  return t;
}

async function loadFailure(dir: string): Promise<ConfigError> {
  try {
    await loadConfig(dir);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig borde ha underkänt konfigurationen');
}

describe('shipped configuration: Arbetsmarknadsnämnden internbudget 2024', async () => {
  const config = await loadConfig(configDir);

  it('has the committee, the 12 nämndmål of 2024 and their målområden', () => {
    expect(config.goals.committee).toEqual({ id: 'an', name: 'Arbetsmarknadsnämnden', shortName: 'AN' });
    expect(config.goals.year).toBe(2024);
    expect(config.goalList).toHaveLength(12);
    const perArea = Object.fromEntries(
      config.goals.areas.map((a) => [a.id, a.municipalGoals.reduce((n, mg) => n + mg.goals.length, 0)]),
    );
    expect(perArea).toEqual({ medborgare: 5, ekonomi: 3, verksamhet: 1, medarbetare: 3 });
    expect(config.indicatorsById.size).toBe(45);
    expect(config.goals.statusScale.map((s) => s.meaning)).toEqual([
      'met',
      'partial',
      'not_met',
      'not_assessable',
    ]);
  });

  it('Hög egenförsörjningsgrad has 8 indicators, with the seed values', () => {
    const goal = config.goalsById.get('hog-egenforsorjningsgrad');
    expect(goal?.indicators).toHaveLength(8);
    expect(goal?.areaId).toBe('medborgare');
    expect(goal?.municipalGoalName).toBe('Fler i jobb och egenförsörjning');

    const hushall = indicator(config, 'antal-utbetalningshushall');
    expect(hushall.name).toBe('Antal utbetalningshushåll, utfall per sista månad');
    expect(hushall.better).toBe('lower');
    // One committee-wide figure from Lifecare: the controller reports it once, never a sum of units.
    expect(hushall.aggregation.kind).toBe('single');
    expect(hushall.reporter).toBe('controller');
    expect(hushall.history.find((h) => h.label === '2022')?.total).toBe(2251);
    expect(hushall.history.find((h) => h.label === 'Utfall tom augusti 2023')?.total).toBe(2160);
    expect(target(config, 'antal-utbetalningshushall', '2024').total).toMatchObject({
      kind: 'value',
      comparator: null,
      value: 2100,
    });

    const befolkning = indicator(config, 'andel-befolkningen-ekonomiskt-bistand');
    expect(befolkning.history[0]).toMatchObject({
      label: '2022',
      total: 4.86,
      note: 'Uppgiften är från augusti 2022',
    });
    expect(indicator(config, 'antal-avslutade-hushall').history[0]?.total).toBeNull();
  });

  it('parses the targets as the budget writes them', () => {
    expect(target(config, 'e-handelstrohet', '2024').total).toMatchObject({ kind: 'value', value: 90 });
    expect(target(config, 'avvikelse-mot-budget', '2024').total).toMatchObject({
      kind: 'value',
      comparator: '>=',
      value: 0,
      text: '≥0',
    });
    expect(indicator(config, 'avvikelse-mot-budget').better).toBe('higher');
    expect(target(config, 'traffsakerhet-prognos-augusti', '2024').total).toMatchObject({
      kind: 'value',
      comparator: '<',
      value: 1,
    });
    expect(target(config, 'traffsakerhet-prognos-oktober', '2024').total).toMatchObject({
      kind: 'value',
      comparator: '<',
      value: 0.5,
    });
    expect(target(config, 'konsskillnader-brukarundersokning', '2024').total).toEqual({
      kind: 'text',
      text: 'Inga signifikanta skillnader',
    });
    expect(indicator(config, 'konsskillnader-brukarundersokning').better).toBe('none');
  });

  it('models the Medarbetare tables with förvaltning parts and kön', () => {
    const sjuk = indicator(config, 'sjukfranvaro');
    expect(sjuk.mandatory).toBe(true);
    expect(sjuk.better).toBe('lower');
    expect(sjuk.breakdown).toEqual({ kon: true, parts: { kind: 'forvaltning', ids: ['IAF', 'UTB'] } });
    expect(sjuk.history[0]).toMatchObject({ label: '2022', total: 7.6, kvinnor: 6.9, man: 8.9 });
    expect(sjuk.history[1]?.parts?.UTB).toEqual({ total: 6.1, kvinnor: 6.9, man: 2.8 });
    const sjuk2024 = target(config, 'sjukfranvaro', '2024');
    expect(sjuk2024.parts?.IAF?.total).toMatchObject({ kind: 'value', value: 6.5 });
    expect(sjuk2024.parts?.UTB?.man).toMatchObject({ kind: 'value', value: 2.6 });

    const perChef = target(config, 'medarbetare-per-chef', '2024');
    expect(perChef.parts?.IAF?.total).toMatchObject({ kind: 'value', comparator: '<=', value: 30 });
    expect(perChef.parts?.UTB?.kvinnor).toMatchObject({ kind: 'value', comparator: '<=', value: 30 });
    expect(indicator(config, 'medarbetare-per-chef').better).toBe('lower');

    expect(target(config, 'hallbart-medarbetarengagemang', '2024').parts?.UTB?.total).toMatchObject({
      kind: 'none',
    });
    // The budget's "IAF: 67,6" (kvinnor, heltid 2024) is kept as printed.
    expect(target(config, 'andel-heltidsanstallningar', '2024').parts?.IAF?.kvinnor).toMatchObject({
      value: 67.6,
    });

    const mandatory = [...config.indicatorsById.values()].filter((i) => i.mandatory).map((i) => i.id);
    expect(mandatory).toHaveLength(8);
  });

  it('keeps the vuxenutbildning indicators with kön, Kolada id and the split brukarenkät', () => {
    const sfi = indicator(config, 'sfi-klarat-tva-kurser');
    expect(sfi.koladaKpi).toBe('N18409');
    expect(sfi.breakdown.kon).toBe(true);
    expect(target(config, 'sfi-klarat-tva-kurser', '2024').kvinnor).toMatchObject({ value: 41 });

    const godkanda = indicator(config, 'vux-gymnasiala-andel-godkanda');
    expect(godkanda.aggregation).toEqual({
      kind: 'share',
      numerator: 'Antal godkända kursbetyg',
      denominator: 'Antal avslutade kurser',
    });
    expect(godkanda.history[1]).toMatchObject({
      label: 'Utfall per 30/6 2023',
      total: 81.7,
      kvinnor: 83.5,
      man: 77.9,
    });

    const studievagar = config.goalsById
      .get('kunskap-och-kompetens')
      ?.indicators.filter((i) => i.id.startsWith('genomstromning-sfi-studievag-'));
    expect(studievagar?.map((i) => i.history[0]?.total)).toEqual([0.5, 1.2, 1.0]);

    const tillganglighet = indicator(config, 'brukarenkat-tillganglighet');
    expect(tillganglighet.breakdown.parts).toEqual({ kind: 'enhet', ids: ['amc', 'amf'] });
    expect(tillganglighet.history[0]?.parts).toEqual({ amc: { total: 96.4 }, amf: { total: 85.7 } });
  });

  it('has the driftsammandrag in tkr', () => {
    expect(config.economy.totals.budget['2024']).toBe(643400);
    expect(config.economy.totals.budget['2023']).toBe(624600);
    expect(config.economy.totals.outcome['2022']).toBe(583900);
    const sum2024 = config.economy.rows.reduce((s, r) => s + (r.budget['2024'] ?? 0), 0);
    expect(Math.abs(sum2024 - 643400)).toBeLessThanOrEqual(500);
    const sum2023 = config.economy.rows.reduce((s, r) => s + (r.budget['2023'] ?? 0), 0);
    expect(sum2023).toBe(624600);
    const bistand = config.economy.rows.find((r) => r.id === 'ekonomiskt-bistand');
    expect(bistand?.budget['2024']).toBe(323000);
    expect(bistand?.changes).toEqual([{ text: 'Minskning ekonomiskt bistånd', amounts: { '2024': -10900 } }]);
    expect(config.economy.rows).toHaveLength(10);
    expect(config.economy.commentThresholdTkr).toBe(500);
  });

  it('has the uppdrag, internkontroll and volymmått', () => {
    const strategic = config.assignments.strategic;
    expect(strategic).toHaveLength(18);
    expect(strategic.filter((s) => s.kind === 'kommungemensamt')).toHaveLength(12);
    expect(strategic.filter((s) => s.kind === 'namndspecifikt')).toHaveLength(6);
    expect(config.assignments.committeeTasks).toHaveLength(6);
    expect(config.assignments.internalControl).toHaveLength(12);
    expect(config.volumes.measures).toHaveLength(6);
    expect(config.volumes.measures[0]?.values.find((v) => v.label === 'Budget 2024')?.value).toBe(2400);
  });

  it('lets the demo organisation cover every goal, indicator, uppdrag and economy row', () => {
    const reported = (pick: (u: CommitteeConfig['units'][number]) => readonly string[]) =>
      new Set(config.units.flatMap(pick));
    const goals = reported((u) => u.reports.goals);
    const indicators = reported((u) => u.reports.indicators);
    const assignments = reported((u) => u.reports.assignments);
    const rows = reported((u) => u.reports.economyRows);
    expect(config.goalList.filter((g) => !goals.has(g.id)).map((g) => g.id)).toEqual([]);
    // Every indicator has a reporter: units, the controller, or the economy it is computed from.
    const unreported = [...config.indicatorsById.values()].filter(
      (i) => !indicators.has(i.id) && i.reporter !== 'controller' && i.reporter !== 'computed',
    );
    expect(unreported.map((i) => i.id)).toEqual([]);
    expect([...config.assignmentsById.keys()].filter((id) => !assignments.has(id))).toEqual([]);
    expect(config.economy.rows.filter((r) => !rows.has(r.id)).map((r) => r.id)).toEqual([]);
    for (const item of config.assignmentsById.values())
      expect(item.responsibleUnits.length).toBeGreaterThan(0);

    const amc = config.unitsById.get('amc');
    expect(amc?.shortName).toBe('AMC');
    expect(amc?.reports.goals.length).toBeGreaterThanOrEqual(3);
    expect(amc?.reports.goals).toContain('hog-egenforsorjningsgrad');
    expect(amc?.reports.economyRows).toContain('arbetsmarknadsatgarder');
    const amcGoalIndicators = amc?.reports.indicators.filter(
      (id) => config.indicatorsById.get(id)?.goalId === 'hog-egenforsorjningsgrad',
    );
    // The household counts are the controller's: AMC gives its forecast and texts, not the figures.
    expect(amcGoalIndicators).toEqual([]);
  });

  it('has the seven demo identities with their roles', () => {
    const managing = (id: string) => config.units.filter((u) => u.managers.some((m) => m.aadObjectId === id));
    expect(managing('demo-chef-amc').map((u) => u.id)).toEqual(['amc']);
    expect(managing('demo-chef-amf').map((u) => u.id)).toEqual(['amf']);
    expect(managing('demo-chef-linvux').map((u) => u.id)).toEqual(['linvux']);
    expect(managing('demo-chef-multi').map((u) => u.id)).toEqual(['arbetsmarknadsservice', 'osa']);
    const deputyOf = config.units.filter((u) =>
      u.deputies.some((d) => d.aadObjectId === 'demo-ersattare-amc'),
    );
    expect(deputyOf.map((u) => u.id)).toEqual(['amc']);
    expect(managing('demo-ersattare-amc')).toEqual([]);

    const leaders = new Map(config.organisation.leadership.map((l) => [l.aadObjectId, l]));
    expect(leaders.get('demo-ledning')).toMatchObject({ roles: ['leadership'], scope: 'committee' });
    expect(leaders.get('demo-controller')).toMatchObject({
      roles: ['leadership', 'controller', 'admin'],
      scope: 'committee',
    });
  });
});

describe('a broken copy of the configuration', () => {
  async function copyConfig(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'config-seed-'));
    await cp(configDir, dir, { recursive: true });
    return dir;
  }

  async function edit(dir: string, file: string, change: (doc: ReturnType<typeof parseDocument>) => void) {
    const filePath = path.join(dir, file);
    const doc = parseDocument(await readFile(filePath, 'utf8'));
    change(doc);
    await writeFile(filePath, doc.toString());
  }

  it('reports schema and reference mistakes together, each with its file and path', async () => {
    const dir = await copyConfig();
    try {
      const indicatorPath = ['areas', 1, 'municipalGoals', 0, 'goals', 2, 'indicators', 0];
      await edit(dir, 'goals.yaml', (doc) => {
        expect(doc.getIn([...indicatorPath, 'id'])).toBe('avvikelse-mot-budget');
        doc.setIn([...indicatorPath, 'targets', '2024'], '≥ abc');
      });
      let index = -1;
      await edit(dir, 'organisation.yaml', (doc) => {
        const list = doc.getIn([
          'administrations',
          0,
          'departments',
          0,
          'units',
          0,
          'reports',
          'indicators',
        ]) as {
          items: unknown[];
          add(value: unknown): void;
        };
        index = list.items.length;
        list.add('finns-inte');
      });
      await edit(dir, 'economy.yaml', (doc) => {
        doc.set('commentThresholdTkr', -500);
      });

      const error = await loadFailure(dir);
      const problems = error.problems;
      expect(problems).toHaveLength(3);
      expect(problems).toContainEqual(
        expect.objectContaining({
          file: 'goals.yaml',
          path: expect.stringMatching(
            /^areas\[1\]\.municipalGoals\[0\]\.goals\[2\]\.indicators\[0\]\.targets\.2024/,
          ),
          message: expect.stringContaining('≥ abc'),
        }),
      );
      expect(problems).toContainEqual({
        file: 'organisation.yaml',
        path: `administrations[0].departments[0].units[0].reports.indicators[${index}]`,
        message: 'okänd indikator ”finns-inte”',
      });
      expect(problems).toContainEqual(
        expect.objectContaining({ file: 'economy.yaml', path: 'commentThresholdTkr' }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports an invalid UPN of a manager', async () => {
    const dir = await copyConfig();
    try {
      await edit(dir, 'organisation.yaml', (doc) => {
        doc.setIn(['administrations', 0, 'departments', 0, 'units', 0, 'managers', 0, 'upn'], 'anna.lind');
      });
      const error = await loadFailure(dir);
      expect(error.problems).toEqual([
        expect.objectContaining({
          file: 'organisation.yaml',
          path: 'administrations[0].departments[0].units[0].managers[0].upn',
          message: 'UPN ska se ut som en e-postadress',
        }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an economy row reported by two units (its budget belongs to one)', async () => {
    const dir = await copyConfig();
    try {
      await edit(dir, 'organisation.yaml', (doc) => {
        const rows = doc.getIn([
          'administrations',
          0,
          'departments',
          0,
          'units',
          1,
          'reports',
          'economyRows',
        ]) as { add(value: unknown): void } | undefined;
        if (rows) rows.add('arbetsmarknadsatgarder');
        else
          doc.setIn(
            ['administrations', 0, 'departments', 0, 'units', 1, 'reports', 'economyRows'],
            ['arbetsmarknadsatgarder'],
          );
      });
      const error = await loadFailure(dir);
      expect(error.problems.map((p) => p.message).join('\n')).toMatch(
        /ekonomiraden ”arbetsmarknadsatgarder” .*rapporteras av flera enheter \(amc, amf\)/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe('who reports an indicator', () => {
    const goalPath = (indicatorId: string) => {
      const text = readFileSync(path.join(configDir, 'goals.yaml'), 'utf8');
      const doc = parseDocument(text);
      const areas = doc.toJS().areas as {
        municipalGoals: { goals: { indicators: { id: string }[] }[] }[];
      }[];
      for (const [a, area] of areas.entries())
        for (const [m, mg] of area.municipalGoals.entries())
          for (const [g, goal] of mg.goals.entries())
            for (const [i, ind] of goal.indicators.entries())
              if (ind.id === indicatorId)
                return ['areas', a, 'municipalGoals', m, 'goals', g, 'indicators', i];
      throw new Error(indicatorId);
    };
    const addIndicator = (doc: Document, unit: number, id: string) =>
      (
        doc.getIn(['administrations', 0, 'departments', 0, 'units', unit, 'reports', 'indicators']) as YAMLSeq
      ).add(id);

    it('refuses a sum over units of a figure that is not split into parts', async () => {
      const dir = await copyConfig();
      try {
        await edit(dir, 'goals.yaml', (doc) => {
          const at = goalPath('antal-utbetalningshushall');
          doc.setIn([...at, 'aggregation'], { kind: 'sum' });
          doc.setIn([...at, 'reportedBy'], 'unit');
        });
        const error = await loadFailure(dir);
        expect(error.problems.map((p) => p.message)).toContain(
          'indikatorn ”antal-utbetalningshushall” summeras, men bara en enhet rapporterar den; ange reportedBy: units om enheterna rapporterar var sin del',
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("refuses units typing the controller's committee-wide figure", async () => {
      const dir = await copyConfig();
      try {
        await edit(dir, 'organisation.yaml', (doc) => {
          addIndicator(doc, 0, 'antal-utbetalningshushall');
          addIndicator(doc, 1, 'antal-utbetalningshushall');
        });
        const error = await loadFailure(dir);
        expect(error.problems.map((p) => p.message)).toEqual([
          'indikatorn ”antal-utbetalningshushall” rapporteras av nämndens controller, men amc, amf har den också; ta bort den från enheterna',
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses a single value with several reporting units', async () => {
      const dir = await copyConfig();
      try {
        await edit(dir, 'organisation.yaml', (doc) => addIndicator(doc, 0, 'vantetid-ansokan-till-beslut'));
        const error = await loadFailure(dir);
        expect(error.problems.map((p) => p.message)).toEqual([
          'indikatorn ”vantetid-ansokan-till-beslut” rapporteras av en enhet, men amc, amf har den',
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses a computed indicator that a unit also reports, or one without a source', async () => {
      const dir = await copyConfig();
      try {
        await edit(dir, 'goals.yaml', (doc) => {
          doc.deleteIn([...goalPath('avvikelse-mot-budget'), 'computed']);
        });
        const error = await loadFailure(dir);
        expect(error.problems.map((p) => p.message)).toEqual([
          'indikatorn ”avvikelse-mot-budget” har reportedBy: computed men saknar computed (vad den beräknas av)',
        ]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
});

/** The outputs read back: the .docx unzipped, the .xlsx opened with exceljs, the Markdown, the card. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Template } from 'adaptivecards-templating';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { aggregate, allGoals } from '../../src/reporting/aggregate.js';
import { barChart, lineChart } from '../../src/reporting/charts.js';
import type { Decision } from '../../src/reporting/ports.js';
import { renderDocx, wantsChart } from '../../src/reporting/render-docx.js';
import { renderMarkdown } from '../../src/reporting/render-markdown.js';
import { renderXlsx, XLSX_SHEETS } from '../../src/reporting/render-xlsx.js';
import type { ReportModel } from '../../src/reporting/report-model.js';
import { REPORT_SUMMARY_TEMPLATE, reportSummaryCard } from '../../src/reporting/summary-card.js';
import { cardValidator } from '../support/card-schema.js';
import { fixtureEvents, GENERATED_AT, people, periodAnswers } from '../support/report-fixtures.js';
import { shippedTemplate } from '../support/template.js';

const NBSP = '\u00a0';
let config: CommitteeConfig;
let model: ReportModel;

const decision: Decision = {
  committeeId: 'an',
  periodId: '2024-08',
  goalId: 'god-ekonomisk-styrning',
  revision: 1,
  statusId: 'uppfylls-delvis',
  motivation: 'Bedömningen baseras på att prognosen visar ett underskott mot budget.',
  proposedStatusId: 'uppfylls',
  decidedBy: people.helena,
  decidedAt: '2024-09-11T08:30:00.000Z',
};

beforeAll(async () => {
  config = await loadConfig(fileURLToPath(new URL('../../config', import.meta.url)));
  const period = config.periods.find((p) => p.id === '2024-08');
  if (!period) throw new Error('no period');
  model = aggregate({
    config,
    period,
    answers: periodAnswers(config, fixtureEvents()),
    decisions: [decision],
    generatedAt: GENERATED_AT,
  });
});

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The document's paragraphs as plain text, with their style. */
function paragraphs(xml: string): { style: string | null; text: string; xml: string }[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? null,
    text: unescapeXml([...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
    xml: m[0],
  }));
}

describe('Word (.docx)', () => {
  let zip: JSZip;
  let paras: { style: string | null; text: string; xml: string }[];
  let xml: string;

  beforeAll(async () => {
    const buffer = await renderDocx(model, await shippedTemplate());
    zip = await JSZip.loadAsync(buffer);
    xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    paras = paragraphs(xml);
  });

  const texts = () => paras.map((p) => p.text);
  const headings = (style: string) => paras.filter((p) => p.style === style).map((p) => p.text);

  it('has the sections of a delårsrapport 2 in report.yaml order, per målområde and nämndmål', () => {
    expect(headings('Heading1')).toEqual(['Delårsrapport 2 2024']);
    expect(headings('Heading2')).toEqual([
      'Ekonomi',
      'Volymutveckling',
      'Personal',
      'Målredovisning med prognos',
      'Målområde Medborgare',
      'Målområde Ekonomi',
      'Målområde Verksamhet',
      'Målområde Medarbetare',
      'Strategiska utvecklingsuppdrag',
      'Nämnduppdrag',
      'Internkontroll',
      'Nämndindikatorer',
      'Svarsläge',
      'Bilaga: Underlag för bedömningarna',
    ]);
    const h3 = headings('Heading3');
    for (const name of [
      'Hög egenförsörjningsgrad',
      'Kunskap & kompetens',
      'God ekonomisk styrning',
      'Målområde: Medborgare',
    ]) {
      expect(h3).toContain(name);
    }
  });

  it('says what it is drafted from, on top and in the page header', async () => {
    expect(texts()).toContain('Utkast genererat 10 september 2024 kl. 14:03 från 7 av 9 enheters svar');
    const headers = Object.keys(zip.files).filter((f) => /^word\/header\d*\.xml$/.test(f));
    const header = await Promise.all(headers.map((f) => zip.file(f)?.async('string') ?? ''));
    expect(header.join('')).toContain('från 7 av 9 enheters svar');
  });

  it('writes each nämndmål as in the delårsrapport: coloured status, sentence, basis, bullets', () => {
    const at = texts().indexOf('Hög egenförsörjningsgrad');
    const status = paras[at + 1];
    expect(status?.text).toBe('Uppfylls delvis  Förslag – ej beslutat av ledningen');
    expect(status?.xml).toContain('<w:color w:val="F9A825"/>');
    expect(paras[at + 2]?.text).toBe(
      'Nämndmålet bedöms delvis uppnått vid helår 2024. Bedömningen baseras på enheternas prognoser och nämndindikatorerna: 2 av 4 enheter bedömer uppfylls delvis och 1 uppfylls; 3 av 6 indikatorer med utfall når målvärdet. Nedan anges ett urval resultat som bidragit till utveckling inom nämndmålet och det kommunövergripande målet Fler i jobb och egenförsörjning:',
    );
    const bullet = paras[at + 3];
    // The units' words as they wrote them; who wrote them is in the note under the goal.
    expect(bullet?.text).toBe('Arena Arbetsmarknad är breddinfört.');
    expect(bullet?.xml).toContain('<w:numPr>');
    expect(texts()).toContain('Inga avvikelser inom aktiviteterna i verksamhetsplanen');
    expect(
      texts()
        .slice(at)
        .find((t) => t.startsWith('Texterna är skrivna av')),
    ).toBe('Texterna är skrivna av AMC, AMF, Integrationsenheten och IAF stab.');

    const decided = texts().indexOf('God ekonomisk styrning');
    expect(paras[decided + 1]?.text).toBe(
      'Uppfylls delvis  Beslutad av Helena Strand 11 september 2024 kl. 10:30',
    );
    expect(paras[decided + 2]?.text).toContain(
      'Nämndmålet bedöms delvis uppnått vid helår 2024. Bedömningen baseras på att prognosen visar ett underskott mot budget.',
    );
    // The computed avvikelse mot budget (−1,0 %) took the proposal one step down from IAF stab's
    // uppfylls, the same as the decision: the basis is printed, not a differing proposal.
    const appendix = texts().indexOf('Bilaga: Underlag för bedömningarna');
    const inAppendix = texts().indexOf('God ekonomisk styrning', appendix);
    expect(inAppendix).toBeGreaterThan(appendix);
    expect(paras[inAppendix]?.style).toBe('Heading4');
    const basis = paras.slice(inAppendix).find((p) => p.text.startsWith('Underlag för förslaget:'))?.text;
    expect(basis).toMatch(/^Underlag för förslaget: 1 av 1 enhet bedömer uppfylls; 0 av 1 indikator/);
    expect(texts().some((t) => t.startsWith('Uppföljningsbotens förslag var'))).toBe(false);
  });

  it('keeps the proposal’s arithmetic out of the body: it is in the appendix, with the rule', () => {
    const appendix = texts().indexOf('Bilaga: Underlag för bedömningarna');
    expect(appendix).toBeGreaterThan(texts().indexOf('Svarsläge'));
    const body = texts().slice(0, appendix);
    const after = texts().slice(appendix);
    for (const lead of ['Underlag för förslaget', 'Enheternas prognoser', 'Uppföljningsbotens förslag var']) {
      expect(body.filter((t) => t.startsWith(lead))).toEqual([]);
    }
    const goals = model.areas.flatMap((a) => a.municipalGoals.flatMap((mg) => mg.goals));
    expect(after.filter((t) => t.startsWith('Underlag för förslaget'))).toHaveLength(goals.length);
    expect(after).toContain('Så tas förslaget till bedömning fram');
    expect(body.some((t) => /sammanvägt \d/.test(t))).toBe(false);
  });

  it('has the Nämndindikatorer tables with history, latest outcome and målvärde, in Swedish numbers', () => {
    expect(texts()).toContain('Kommunövergripande mål: Fler i jobb och egenförsörjning');
    // Header row of a table.
    for (const h of [
      'Nämndmål',
      'Mål uppnås',
      'Nämndindikator',
      '2022',
      '2023',
      'Augusti 2024',
      'Målvärde 2024',
    ]) {
      expect(texts()).toContain(h);
    }
    const t = texts();
    const name = t.indexOf('Antal hushåll med insats ekonomiskt bistånd, utfall per sista månad');
    expect(t.slice(name + 1, name + 6)).toEqual([
      `2${NBSP}589`,
      `2${NBSP}527*`,
      `2${NBSP}340`,
      '↓ 60 (bättre)',
      'Uppnås',
    ]);
    const share = t.indexOf('Vuxenutbildning: Vuxenutbildning, gymnasiala kurser, andel godkända, %');
    expect(t.slice(share + 1, share + 6)).toEqual(['81,1', '81,7*', '84,0 %', 'Uppnås', '84']);
    expect(t).toContain('88,0 %');
    expect(t).toContain('86,2 % (Juni 2024)');
    expect(t).toContain(
      'Utfallet för augusti 2024 omfattar 1 av 2 enheter (saknas: OSA) – bedöms när alla har rapporterat.',
    );
    // Met is green, not met is red.
    expect(xml).toContain('w:fill="C8E6C9"');
    expect(xml).toContain('w:fill="FFCDD2"');
  });

  it('has the strategiska utvecklingsuppdrag and the economy tables', () => {
    const t = texts();
    expect(t).toContain('Nämndspecifika strategiska utvecklingsuppdrag');
    expect(t).toContain('AMC: Följer tidsplaneringen. AMF: Införs i höst.');
    for (const h of [
      'Prognos helår',
      'Prognos helår 2024',
      'Budget 2024',
      'Avvikelse',
      'Bokslut 2023',
      // The previous delår's, as in seed 001; the fixture has no March answers.
      'Avvikelse i prognos helår, mars',
    ])
      expect(t).toContain(h);
    const eb = t.indexOf('Ekonomiskt bistånd');
    expect(t.slice(eb + 1, eb + 5)).toEqual([`330${NBSP}500`, `323${NBSP}000`, `−7${NBSP}500`, '–']);
    const sum = t.indexOf('Summa nettokostnader, tkr');
    expect(t.slice(sum + 1, sum + 5)).toEqual([`649${NBSP}950`, `643${NBSP}300`, `−6${NBSP}650`, '–']);
    expect(t).toContain('Enheter som inte har lämnat prognos: UTB stab.');
  });

  it('embeds the status overview as SVG with a PNG fallback, with its values in the text', async () => {
    // The body's pictures (the template's logo is the header's).
    const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
    const media = [...rels.matchAll(/Target="(media\/[^"]+)"/g)].map((m) => `word/${m[1]}`);
    expect(media.filter((f) => f.endsWith('.svg'))).toHaveLength(1);
    expect(media.filter((f) => f.endsWith('.png'))).toHaveLength(1);
    for (const f of media.filter((m) => m.endsWith('.png'))) {
      const png = PNG.sync.read(Buffer.from((await zip.file(f)?.async('uint8array')) ?? []));
      expect(png.width).toBe(1200);
    }
    expect(xml).toContain('asvg:svgBlip');
    expect(texts()).toContain(
      'Figur 1. Antal nämndmål per status (beslut, annars förslag): Uppfylls 0, Uppfylls delvis 8, Uppfylls ej 1, Kan ej bedömas 3.',
    );
  });

  it('draws a trend chart only where a trend says something (report.yaml charts)', async () => {
    // The fixture has June–August: three months, under the shipped minimum of four.
    expect(model.layout.charts.minPoints).toBe(4);
    expect(model.layout.charts.indicators).toContain('antal-hushall-med-insats');
    expect(texts().some((x) => x.includes('utfall per månad 2024'))).toBe(false);
    const three = { ...model, layout: { ...model.layout, charts: { minPoints: 3, indicators: null } } };
    const all = allGoals(three).flatMap((g) => g.indicators);
    const drawn = all.filter((i) => wantsChart(i, three.layout.charts));
    expect(drawn.map((i) => i.id)).toContain('antal-hushall-med-insats');
    expect(drawn.length).toBeLessThan(all.length);
    const p3 = paragraphs(
      (await (
        await JSZip.loadAsync(await renderDocx(three, await shippedTemplate()))
      )
        .file('word/document.xml')
        ?.async('string')) ?? '',
    ).map((p) => p.text);
    expect(
      p3.some((x) => x.includes(`utfall per månad 2024: jun 2${NBSP}420, jul 2${NBSP}400, aug 2${NBSP}340`)),
    ).toBe(true);
    const only = {
      ...three,
      layout: { ...three.layout, charts: { minPoints: 3, indicators: ['antal-hushall-med-insats'] } },
    };
    expect(all.filter((i) => wantsChart(i, only.layout.charts)).map((i) => i.id)).toEqual([
      'antal-hushall-med-insats',
    ]);
  });

  it('lists completeness per unit', () => {
    const t = texts();
    const osa = t.indexOf('OSA', t.indexOf('Svarsläge'));
    expect(t[osa + 2]).toBe('Inget svar');
    expect(t).toContain('Ändrad efter inskickning');
  });
});

describe('charts', () => {
  const svgText = (svg: Buffer) =>
    [...svg.toString('utf8').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1] ?? ''));

  it('labels the months, the values and the target line, and rasterises at twice the size', () => {
    const chart = lineChart({
      months: [6, 7, 8],
      values: [2_420, 2_400, 2_340],
      decimals: 0,
      target: { value: 2_300, text: '≤2 300' },
    });
    const words = svgText(chart.svg);
    for (const w of ['jun', 'jul', 'aug', `2${NBSP}420`, `2${NBSP}340`, 'Målvärde ≤2 300'])
      expect(words).toContain(w);
    // The y axis has values of its own, in Swedish numbers.
    expect(words.filter((w) => /^\d[\d\u00a0]*$/.test(w)).length).toBeGreaterThan(3);
    const png = PNG.sync.read(chart.png);
    expect([png.width, png.height]).toEqual([chart.width * 2, chart.height * 2]);
  });

  it('draws bars with their status words and counts', () => {
    const chart = barChart([
      { label: 'Uppfylls', value: 2, colour: '#2E7D32' },
      { label: 'Uppfylls ej', value: 1, colour: '#C62828' },
    ]);
    const words = svgText(chart.svg);
    expect(words).toEqual(expect.arrayContaining(['Uppfylls', 'Uppfylls ej', '2', '1']));
    expect(chart.svg.toString('utf8').toUpperCase()).toContain('#2E7D32');
  });
});

describe('Excel (.xlsx)', () => {
  let wb: ExcelJS.Workbook;
  const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);
  const rowsOf = (sheet: ExcelJS.Worksheet) => {
    const h = header(sheet) as string[];
    const out: Record<string, unknown>[] = [];
    sheet.eachRow((r, n) => {
      if (n === 1) return;
      const values = (r.values as unknown[]).slice(1);
      out.push(Object.fromEntries(h.map((k, i) => [k, values[i] ?? null])));
    });
    return out;
  };

  beforeAll(async () => {
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(model)) as unknown as ArrayBuffer);
  });

  it('has the documented sheets with the documented column names', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Målstatus',
      'Indikatorer',
      'Ekonomi',
      'Ekonomi översikt',
      'Resultat',
      'Driftsammandrag',
      'Investeringar',
      'Svar',
      'Fullständighet',
      'Volymer och personal',
      'Strategiska uppdrag',
      'Nämnduppdrag',
      'Internkontroll',
      'Noter',
    ]);
    for (const spec of Object.values(XLSX_SHEETS)) {
      const sheet = wb.getWorksheet(spec.name);
      if (!sheet) throw new Error(spec.name);
      expect(header(sheet)).toEqual(spec.columns.map((c) => c.header));
    }
  });

  it('Målstatus: one row per nämndmål with proposal, decision and coloured status', () => {
    const sheet = wb.getWorksheet('Målstatus') as ExcelJS.Worksheet;
    const rows = rowsOf(sheet);
    expect(rows).toHaveLength(12);
    const ges = rows.find((r) => r['Nämndmål-id'] === 'god-ekonomisk-styrning');
    expect(ges).toMatchObject({
      Period: '2024-08',
      Status: 'Uppfylls delvis',
      Statuskälla: 'Beslut',
      Förslag: 'Uppfylls delvis',
      'Förslag-id': 'uppfylls-delvis',
      Beslut: 'Uppfylls delvis',
      'Beslutad av': 'Helena Strand',
    });
    const hog = rows.find((r) => r['Nämndmål-id'] === 'hog-egenforsorjningsgrad');
    expect(hog?.['Förslag poäng']).toBe(0.667);
    const index = rows.indexOf(hog as Record<string, unknown>) + 2;
    const fill = sheet.getRow(index).getCell(6).fill as ExcelJS.FillPattern;
    expect(fill.fgColor?.argb).toMatch(/^FF[0-9A-F]{6}$/);
  });

  it('Indikatorer: one row per indicator × breakdown, with target and met flag', () => {
    const sheet = wb.getWorksheet('Indikatorer') as ExcelJS.Worksheet;
    const rows = rowsOf(sheet);
    const gym = rows.filter((r) => r['Indikator-id'] === 'vux-gymnasiala-andel-godkanda');
    expect(
      gym.map((r) => [
        r.Uppdelning,
        r.Utfall,
        r.Täljare,
        r.Nämnare,
        r['Målvärde tal'],
        r['Mål uppnås'],
        r.Statuskod,
      ]),
    ).toEqual([
      ['Totalt', 84, 1_050, 1_250, 84, 'Uppnås', 'met'],
      ['Kvinnor', 88, 660, 750, 86, 'Uppnås', 'met'],
      ['Män', 78, 390, 500, 80, 'Uppnås ej', 'not_met'],
    ]);
    const sjuk = rows.filter((r) => r['Indikator-id'] === 'sjukfranvaro');
    expect(sjuk).toHaveLength(9);
    expect(sjuk.find((r) => r.Del === 'IAF' && r.Uppdelning === 'Män')).toMatchObject({
      Utfall: 10,
      'Mål uppnås': 'Uppnås ej',
    });
    const metRow = rows.findIndex((r) => r.Statuskod === 'met') + 2;
    expect((sheet.getRow(metRow).getCell(20).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC8E6C9');
  });

  it('Ekonomi, Svar and Fullständighet', () => {
    const eco = rowsOf(wb.getWorksheet('Ekonomi') as ExcelJS.Worksheet);
    expect(eco.at(-1)).toMatchObject({
      'Rad-id': 'summa',
      'Budget tkr': 643_300,
      'Prognos helår tkr': 649_950,
      'Avvikelse tkr': -6_650,
    });
    expect(eco.find((r) => r['Rad-id'] === 'utbildningsforvaltningen')).toMatchObject({
      'Saknar prognos från': 'UTB stab',
    });
    const svar = rowsOf(wb.getWorksheet('Svar') as ExcelJS.Worksheet);
    const linvux = svar.find((r) => r['Enhet-id'] === 'linvux' && r.Post === 'goal:kunskap-och-kompetens');
    expect(linvux).toMatchObject({
      Tillstånd: 'Utkast',
      Revision: 2,
      'Inskickad revision': 1,
      'Använd revision': 1,
      'Besvarad av': 'Johan Dahl',
      'Besvarad (UTC)': '2024-09-05T08:00:00.000Z',
      Besvarad: '2024-09-05 10:00',
    });
    const full = rowsOf(wb.getWorksheet('Fullständighet') as ExcelJS.Worksheet);
    expect(full.map((r) => [r['Enhet-id'], r.Statuskod, r['Ingår i rapporten']])).toContainEqual([
      'osa',
      'none',
      'Nej',
    ]);
    expect(full).toHaveLength(9);
  });
});

describe('Markdown', () => {
  it('has the same sections and numbers', () => {
    const md = renderMarkdown(model);
    expect(md).toContain('# Delårsrapport 2 2024 – Arbetsmarknadsnämnden, Augusti 2024 – delår 2');
    expect(md).toContain('_Utkast genererat 10 september 2024 kl. 14:03 från 7 av 9 enheters svar_');
    expect(md).toContain('#### Hög egenförsörjningsgrad');
    expect(md).toContain('**Uppfylls delvis** (förslag – ej beslutat av ledningen)');
    expect(md).toContain('- Arena Arbetsmarknad är breddinfört.\n');
    expect(md).toContain('_Texterna är skrivna av AMC, AMF, Integrationsenheten och IAF stab._');
    expect(md).toContain(`| Ekonomiskt bistånd | 330${NBSP}500 | 323${NBSP}000 | −7${NBSP}500 | – |`);
    expect(md).toContain(`84,0 % ✅`);
    expect(md).toContain('| UTB stab (vux) | Utkast |  | Nej |');
  });
});

describe('summary card', () => {
  const validate = cardValidator();

  // The card renderer in src/cards knows a fixed list of templates; the template is expanded here
  // with the same library to check it against its model.
  const expand = (data: unknown) =>
    new Template(
      JSON.parse(
        readFileSync(new URL(`../../cards/${REPORT_SUMMARY_TEMPLATE}.json`, import.meta.url), 'utf8'),
      ),
    ).expand({
      $root: data,
    }) as Record<string, unknown>;

  it('builds the model in Swedish', () => {
    const card = reportSummaryCard(model);
    expect(card.title).toBe('Uppföljning augusti 2024 – delår 2');
    expect(card.goals).toHaveLength(12);
    expect(card.goals.find((g) => g.name === 'God ekonomisk styrning')).toMatchObject({
      statusLabel: 'Uppfylls delvis',
      colour: 'Warning',
      sourceText: 'Beslutad av Helena Strand',
    });
    expect(card.economy[0]).toEqual({ title: 'Prognos helår', value: `649${NBSP}950 tkr` });
    expect(card.missingText).toBe('Har inte skickat in: OSA (inget svar) och UTB stab (utkast)');
    expect(card.undecidedText).toBe('11 av 12 nämndmål väntar på ledningens beslut');
  });

  it('expands to a valid Adaptive Card 1.5 with nothing left unexpanded', () => {
    const card = expand(reportSummaryCard(model));
    expect(validate(card), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    expect(json).toContain('Hög egenförsörjningsgrad');
    expect(Buffer.byteLength(json)).toBeLessThan(28 * 1024);
  });
});

/**
 * `npm run report -- --period 2024-08 [--committee AN] --format docx|xlsx|md|json --out FILE
 * [--include-drafts]`: builds the report from the bot's storage (same settings as the bot) and
 * writes it. `runReportCli` is the command; the tests call it in-process.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReport, periodsToRead } from '../reporting/build-report.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../reporting/render-report.js';
import type { ReportModel } from '../reporting/report-model.js';
import { type ReportTemplate, readReportTemplate, TemplateError } from '../reporting/report-template.js';
import { count } from '../shared/swedish-format.js';
import { lowerFirst } from '../shared/text.js';
import { checkCommittee, findPeriodOrFail } from './lookups.js';
import {
  type CliDeps,
  CliError,
  EXIT,
  isEntry,
  loadCliContext,
  parseCliArgs,
  progressReporter,
  runAsProcess,
  runCommand,
  withStorage,
} from './run-cli.js';

const FORMAT_NAME: Record<ReportFormat, string> = {
  docx: 'Word',
  xlsx: 'Excel',
  md: 'Markdown',
  json: 'JSON',
};

export const REPORT_USAGE = `Användning: npm run report -- --period ÅÅÅÅ-MM [--committee AN] [--format docx|xlsx|md|json] [--out FIL] [--include-drafts]

  --period          uppföljningsperioden, t.ex. 2024-08 (krävs)
  --committee       nämndens kortnamn eller id; kontrolleras mot konfigurationen
  --format          docx (Word), xlsx (Excel), md (Markdown) eller json (rapportmodellen);
                    utan --format avgörs formatet av filändelsen i --out
  --out             filen att skriva; utan --out skrivs md och json till standard ut och
                    docx/xlsx till uppfoljning-<nämnd>-<period>.<format> i aktuell mapp
  --include-drafts  ta med svar som inte är inskickade (annars bara inskickade svar)

Lagringen är densamma som botens (STORAGE_CONNECTION_STRING, STORAGE_ACCOUNT_URL eller den
inbyggda Azurite i DATA_DIR). Stoppa boten först om den använder den inbyggda Azurite.

Slutkoder: 0 klart, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument,
3 okänd period eller nämnd, 4 inga svar att rapportera.`;

export interface ReportCliDeps extends CliDeps {
  readonly writeFile?: (file: string, data: Buffer | string) => Promise<void>;
}

function formatOf(value: string | undefined, out: string | undefined): ReportFormat {
  const wanted = value ?? (out ? path.extname(out).slice(1).toLowerCase() : undefined);
  if (wanted === undefined) {
    throw new CliError(
      `Ange --format (${REPORT_FORMATS.join(', ')}) eller en fil med --out.\n\n${REPORT_USAGE}`,
      EXIT.usage,
    );
  }
  const normalised = wanted === 'markdown' ? 'md' : wanted;
  if (!(REPORT_FORMATS as readonly string[]).includes(normalised)) {
    throw new CliError(`Okänt format ”${wanted}”. Välj ${REPORT_FORMATS.join(', ')}.`, EXIT.usage);
  }
  return normalised as ReportFormat;
}

/** The Word template REPORT_TEMPLATE names, checked; its problems as the command's failure. */
async function loadTemplateOrFail(file: string): Promise<ReportTemplate> {
  try {
    return await readReportTemplate(file);
  } catch (error) {
    if (error instanceof TemplateError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

/** Refuses a report with nothing in it: no answers at all, or only drafts without --include-drafts. */
function checkNotEmpty(
  model: ReportModel,
  period: { readonly id: string; readonly label: string },
  units: number,
) {
  if (model.answers.length === 0) {
    throw new CliError(
      `Perioden ${lowerFirst(period.label)} (${period.id}) har inga svar ännu: ingen av ${count(units, 'enhet', 'enheter')} har svarat. Ingen rapport skrevs.`,
      EXIT.empty,
    );
  }
  if (model.basis.unitsIncluded === 0) {
    const drafts = model.completeness.filter((c) => c.state === 'draft').length;
    throw new CliError(
      `Ingen enhet har skickat in sina svar för ${lowerFirst(period.label)} (${period.id}); ${count(drafts, 'enhet har', 'enheter har')} utkast. ` +
        'Kör med --include-drafts för att ta med utkasten. Ingen rapport skrevs.',
      EXIT.empty,
    );
  }
}

export async function runReportCli(args: readonly string[], deps: ReportCliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, {
      options: {
        period: 'string',
        committee: 'string',
        format: 'string',
        out: 'string',
        'include-drafts': 'boolean',
      },
      usage: REPORT_USAGE,
    });
    if (!cli) return EXIT.ok;
    const out = cli.str('out');
    const format = formatOf(cli.str('format'), out);
    const includeDrafts = cli.flag('include-drafts');
    const context = await loadCliContext(deps);
    const { settings, config, now } = context;
    checkCommittee(config, cli.str('committee'));
    const period = findPeriodOrFail(config, cli.str('period'));
    // Before storage is opened: a bad template is refused before anything is read or written.
    const template = format === 'docx' ? await loadTemplateOrFail(settings.reportTemplate) : null;

    const progress = progressReporter(deps.stderr, periodsToRead(config, period).length + 3);
    progress.step('Läste inställningar och konfiguration');
    let model: ReportModel;
    try {
      model = await withStorage(deps, context, async (storage) => {
        progress.step(`Öppnade lagringen (${storage.description})`);
        return buildReport({ config, answers: storage.answers, decisions: storage.decisions, now }, period, {
          includeDrafts,
          onProgress: (_done, _total, what) => progress.step(what),
        });
      });
    } finally {
      progress.done();
    }
    checkNotEmpty(model, period, config.units.length);

    const data = await renderReport(model, format, config.calendar.timeZone, template);
    const target =
      out ??
      (format === 'docx' || format === 'xlsx'
        ? `uppfoljning-${config.goals.committee.shortName.toLowerCase()}-${period.id}.${format}`
        : undefined);
    if (target === undefined) {
      deps.stdout.write(typeof data === 'string' ? data : data.toString('utf8'));
      deps.stderr.write(`${model.basis.headline}.\n`);
      return EXIT.ok;
    }
    const file = path.resolve(deps.cwd ?? process.cwd(), target);
    await (deps.writeFile ?? writeFile)(file, data);
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    deps.stdout.write(
      `${FORMAT_NAME[format]}-rapporten för ${lowerFirst(period.label)} är sparad i ${file} (${Math.max(1, Math.round(size / 1024))} kB).\n${model.basis.headline}.\n`,
    );
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runReportCli);

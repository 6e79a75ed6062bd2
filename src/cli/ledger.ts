/**
 * `npm run ledger -- --period 2024-08 --file ekonomi.csv [--by "Namn"] [--committee AN]`: stores
 * the ledger's figures for a period (redovisat, periodiserad budget, föregående år, varav-rader,
 * Nämndens enheter, investeringar) from a CSV file. Every problem is listed with its line; on any
 * problem nothing is stored. A re-import is a new version, and the output says which it replaces.
 */
import { parseLedgerCsv } from '../controller/ledger.js';
import { ledgerKey, storeLedger } from '../controller/ledger-store.js';
import type { LedgerAnswer } from '../followup/ledger-answer.js';
import { count, monthRange, swedishMonthName, tkr } from '../shared/swedish-format.js';
import {
  CONTROLLER_EXIT,
  checkCommittee,
  controllerNamed,
  fileProblems,
  findPeriodOrFail,
  readInputFile,
} from './lookups.js';
import {
  type CliDeps,
  CliError,
  EXIT,
  isEntry,
  loadCliContext,
  parseCliArgs,
  runAsProcess,
  runCommand,
  withStorage,
} from './run-cli.js';

export const LEDGER_USAGE = `Användning: npm run ledger -- --period ÅÅÅÅ-MM --file FIL.csv [--by "Namn"] [--committee AN]

  --period     perioden siffrorna gäller, t.ex. 2024-08 (redovisat januari–augusti); går att
               läsa in även när perioden är låst
  --file       CSV-fil ur ekonomisystemet med rubrikraden
               post;id;namn;redovisat;periodiserad budget;redovisat föregående år;prognos;budget
               och en rad per post (se config/README.md och config/exempel/ekonomi-2024-08.csv)
  --by         controllern som läser in filen (namn, e-post eller id i organisation.yaml);
               behövs bara när fler än en person har rollen controller

Slutkoder: 0 sparat, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument,
3 okänd period eller nämnd, 5 uppgifterna ändrades samtidigt, 6 inte controller, 7 fel i filen (inget sparades).`;

function summary(answer: LedgerAnswer, month: number): string {
  const rows = Object.values(answer.rows);
  const sum = (pick: (r: (typeof rows)[number]) => number | null) =>
    rows.reduce((s, r) => s + (pick(r) ?? 0), 0);
  const range = monthRange(month);
  const parts = [
    `${count(rows.length, 'driftrad', 'driftrader')} (redovisat ${range} ${tkr(sum((r) => r.bookedTkr))} tkr, periodiserad budget ${tkr(sum((r) => r.periodBudgetTkr))} tkr)`,
  ];
  if (answer.units) parts.push(`enheternas resultat ${tkr(answer.units.bookedTkr)} tkr`);
  const objects = Object.keys(answer.investments).length;
  if (objects > 0) parts.push(count(objects, 'investeringsobjekt', 'investeringsobjekt'));
  return parts.join(', ');
}

export async function runLedgerCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, {
      options: { period: 'string', file: 'string', by: 'string', committee: 'string' },
      usage: LEDGER_USAGE,
      required: ['period', 'file'],
    });
    if (!cli) return EXIT.ok;
    const file = cli.str('file') ?? '';
    const context = await loadCliContext(deps);
    const { config, now } = context;
    checkCommittee(config, cli.str('committee'));
    const period = findPeriodOrFail(config, cli.str('period')?.trim());
    const parsed = parseLedgerCsv(config, period, await readInputFile(file));
    const lines = await withStorage(deps, context, async (storage) => {
      const leader = controllerNamed(config, cli.str('by'), 'ekonomisystemets uppgifter');
      if (!leader) {
        const by = cli.str('by') ?? '';
        await storage.audit.append({
          committeeId: config.goals.committee.id,
          at: now().toISOString(),
          actor: { aadObjectId: `cli:${by}`, name: by },
          action: 'ledger.refused',
          outcome: 'refused',
          details: { reason: 'not-controller', periodId: period.id, via: 'cli' },
        });
        throw new CliError(
          `"${by}" har inte rollen controller i organisation.yaml, så inget sparades. Ekonomisystemets uppgifter läses in av controllern.`,
          CONTROLLER_EXIT.notController,
        );
      }
      if (parsed.errors.length > 0) throw fileProblems(file, parsed.errors);
      const current = await storage.answers.get<LedgerAnswer>(ledgerKey(config, period.id));
      const result = await storeLedger(
        { config, answers: storage.answers, audit: storage.audit, clock: { now } },
        { aadObjectId: leader.aadObjectId, name: leader.name },
        parsed.value,
        current?.revision ?? 0,
        'cli',
      );
      if (result.kind === 'conflict') {
        throw new CliError(
          `Ekonomisystemets uppgifter för ${period.id} ändrades av ${result.current?.answeredBy.name ?? 'någon annan'} medan kommandot kördes. Inget sparades; kör kommandot igen.`,
          EXIT.conflict,
        );
      }
      const saved = [
        `Ekonomisystemets uppgifter för ${swedishMonthName(period.month)} ${period.year} sparade av ${leader.name}, version ${result.answer?.revision ?? '–'}: ${summary(parsed.value, period.month)}.`,
      ];
      if (current) saved.push(`Ersätter version ${current.revision} från ${current.answeredBy.name}.`);
      return saved;
    });
    deps.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runLedgerCli);

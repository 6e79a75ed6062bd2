/**
 * `npm run decide -- --period 2024-08 --goal hog-egenforsorjningsgrad --status uppfylls-delvis
 * --motivation "…" [--by "Namn"] [--committee AN]`: stores the leadership's status for a nämndmål,
 * beside the software's proposal at that moment. Based on the current decision's revision, so a
 * decision made meanwhile (from Teams) is never overwritten unseen.
 */

import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { lowerFirst } from '../shared/text.js';
import { cleanUserText } from '../shared/user-text.js';
import { allGoals } from './aggregate.js';
import { buildReport } from './build-report.js';
import {
  type CliDeps,
  CliError,
  checkCommittee,
  cliClock,
  EXIT,
  findPeriodOrFail,
  fold,
  loadSettingsAndConfig,
  openCliStorage,
  parseCliArgs,
  runCommand,
} from './cli-support.js';

export const DECIDE_USAGE = `Användning: npm run decide -- --period ÅÅÅÅ-MM --goal NÄMNDMÅL --status STATUS --motivation "TEXT" [--by "Namn"] [--committee AN]

  --period      uppföljningsperioden, t.ex. 2024-08
  --goal        nämndmålets id (t.ex. hog-egenforsorjningsgrad) eller namn
  --status      statusens id eller namn på skalan, t.ex. uppfylls-delvis eller "Uppfylls delvis"
  --motivation  ledningens motivering (visas som "Bedömningen baseras på …")
  --by          vem som beslutar (standard: inloggad användare)

Slutkoder: 0 sparat, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument,
3 okänd period, nämnd, nämndmål eller status, 5 beslutet ändrades samtidigt av någon annan.`;

export const MOTIVATION_MAX = 2_000;

export interface DecideCliDeps extends CliDeps {
  /** Who decides when `--by` is not given (default: the operating-system user). */
  readonly defaultName?: () => string;
}

export async function runDecideCli(args: readonly string[], deps: DecideCliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(
      deps,
      args,
      {
        period: 'string',
        goal: 'string',
        status: 'string',
        motivation: 'string',
        by: 'string',
        committee: 'string',
      },
      DECIDE_USAGE,
      ['period', 'goal', 'status', 'motivation'],
    );
    if (!cli) return EXIT.ok;
    const str = cli.str;
    const motivation = cleanUserText(str('motivation') ?? '');
    if (motivation.length > MOTIVATION_MAX) {
      throw new CliError(
        `Motiveringen är för lång: ${motivation.length} tecken, högst ${MOTIVATION_MAX} får plats.`,
        EXIT.usage,
      );
    }
    const name = cleanUserText(str('by') ?? deps.defaultName?.() ?? userInfo().username);
    if (!name) throw new CliError('Ange vem som beslutar med --by "Namn".', EXIT.usage);

    const { settings, config } = await loadSettingsAndConfig(deps);
    checkCommittee(config, str('committee'));
    const period = findPeriodOrFail(config, str('period'));
    const goalText = str('goal') ?? '';
    const goal = config.goalList.find((g) => g.id === goalText.trim() || fold(g.name) === fold(goalText));
    if (!goal) {
      throw new CliError(
        `Nämndmålet ”${goalText}” finns inte. Välj ett av:\n${config.goalList.map((g) => `  ${g.id}  (${g.name})`).join('\n')}`,
        EXIT.unknown,
      );
    }
    const statusText = str('status') ?? '';
    const level = config.goals.statusScale.find(
      (s) => s.id === statusText.trim() || fold(s.label) === fold(statusText),
    );
    if (!level) {
      throw new CliError(
        `Statusen ”${statusText}” finns inte på skalan. Välj en av: ${config.goals.statusScale.map((s) => `${s.id} (${s.label})`).join(', ')}.`,
        EXIT.unknown,
      );
    }

    const { now, seed } = cliClock(deps, settings, config);
    const storage = await openCliStorage(deps, settings);
    try {
      await seed(storage);
      const committeeId = config.goals.committee.id;
      const current = await storage.decisions.get(committeeId, period.id, goal.id);
      // The proposal at this moment is kept beside the decision.
      const model = await buildReport(
        { config, answers: storage.answers, decisions: storage.decisions, now },
        period,
      );
      const proposal = allGoals(model).find((g) => g.id === goal.id)?.proposal ?? null;
      const actor = { aadObjectId: `cli:${name}`, name };
      const decidedAt = now().toISOString();
      const result = await storage.decisions.decide({
        committeeId,
        periodId: period.id,
        goalId: goal.id,
        statusId: level.id,
        motivation,
        proposedStatusId: proposal?.status.id ?? null,
        decidedBy: actor,
        decidedAt,
        expectedRevision: current?.revision ?? 0,
        activityId: null,
      });
      if (result.kind === 'conflict') {
        throw new CliError(
          `Beslutet för ${goal.name} ändrades av ${result.current?.decidedBy.name ?? 'någon annan'} medan kommandot kördes. Inget sparades; kör kommandot igen.`,
          EXIT.conflict,
        );
      }
      await storage.audit.append({
        committeeId,
        at: decidedAt,
        actor,
        action: 'decision.set',
        outcome: 'ok',
        details: {
          periodId: period.id,
          goalId: goal.id,
          statusId: level.id,
          proposedStatusId: proposal?.status.id ?? null,
          revision: result.decision.revision,
          via: 'cli',
        },
      });
      const lines = [
        `Beslut sparat för ${goal.name}, ${period.label}: ${level.label} (version ${result.decision.revision}).`,
        proposal
          ? `Förslaget var ${proposal.status.label.toLocaleLowerCase('sv-SE')}: ${lowerFirst(proposal.summary)}.`
          : 'Inget förslag kunde tas fram.',
      ];
      if (current) {
        const before =
          config.goals.statusScale.find((s) => s.id === current.statusId)?.label ?? current.statusId;
        lines.push(`Ersätter ${current.decidedBy.name}s beslut: ${before}.`);
      }
      deps.stdout.write(`${lines.join('\n')}\n`);
      return EXIT.ok;
    } finally {
      await storage.close();
    }
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const code = await runDecideCli(process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    demo: 'auto',
  });
  process.exit(code);
}

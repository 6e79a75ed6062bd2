/**
 * `npm run decide -- --period 2024-08 --goal hog-egenforsorjningsgrad --status uppfylls-delvis
 * --motivation "…" [--by "Namn"] [--committee AN]`: stores the leadership's status for a nämndmål,
 * beside the software's proposal at that moment. Based on the current decision's revision, so a
 * decision made meanwhile (from Teams) is never overwritten unseen.
 */
import { userInfo } from 'node:os';
import type { CommitteeConfig } from '../config/load-config.js';
import { MOTIVATION_MAX } from '../leadership/decision.js';
import { allGoals } from '../reporting/aggregate.js';
import { buildReport } from '../reporting/build-report.js';
import { lowerFirst } from '../shared/text.js';
import { cleanUserText } from '../shared/user-text.js';
import { checkCommittee, findPeriodOrFail, fold } from './lookups.js';
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

export const DECIDE_USAGE = `Användning: npm run decide -- --period ÅÅÅÅ-MM --goal NÄMNDMÅL --status STATUS --motivation "TEXT" [--by "Namn"] [--committee AN]

  --period      uppföljningsperioden, t.ex. 2024-08
  --goal        nämndmålets id (t.ex. hog-egenforsorjningsgrad) eller namn
  --status      statusens id eller namn på skalan, t.ex. uppfylls-delvis eller "Uppfylls delvis"
  --motivation  ledningens motivering (visas som "Bedömningen baseras på …")
  --by          vem som beslutar (standard: inloggad användare)

Slutkoder: 0 sparat, 1 fel i inställningar/konfiguration/lagring, 2 felaktiga argument,
3 okänd period, nämnd, nämndmål eller status, 5 beslutet ändrades samtidigt av någon annan.`;

export interface DecideCliDeps extends CliDeps {
  /** Who decides when `--by` is not given (default: the operating-system user). */
  readonly defaultName?: () => string;
}

function goalNamed(config: CommitteeConfig, text: string) {
  const goal = config.goalList.find((g) => g.id === text.trim() || fold(g.name) === fold(text));
  if (!goal) {
    throw new CliError(
      `Nämndmålet ”${text}” finns inte. Välj ett av:\n${config.goalList.map((g) => `  ${g.id}  (${g.name})`).join('\n')}`,
      EXIT.unknown,
    );
  }
  return goal;
}

function statusNamed(config: CommitteeConfig, text: string) {
  const scale = config.goals.statusScale;
  const level = scale.find((s) => s.id === text.trim() || fold(s.label) === fold(text));
  if (!level) {
    throw new CliError(
      `Statusen ”${text}” finns inte på skalan. Välj en av: ${scale.map((s) => `${s.id} (${s.label})`).join(', ')}.`,
      EXIT.unknown,
    );
  }
  return level;
}

export async function runDecideCli(args: readonly string[], deps: DecideCliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, {
      options: {
        period: 'string',
        goal: 'string',
        status: 'string',
        motivation: 'string',
        by: 'string',
        committee: 'string',
      },
      usage: DECIDE_USAGE,
      required: ['period', 'goal', 'status', 'motivation'],
    });
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

    const context = await loadCliContext(deps);
    const { config, now } = context;
    checkCommittee(config, str('committee'));
    const period = findPeriodOrFail(config, str('period'));
    const goal = goalNamed(config, str('goal') ?? '');
    const level = statusNamed(config, str('status') ?? '');

    const lines = await withStorage(deps, context, async (storage) => {
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
      const saved = [
        `Beslut sparat för ${goal.name}, ${period.label}: ${level.label} (version ${result.decision.revision}).`,
        proposal
          ? `Förslaget var ${proposal.status.label.toLocaleLowerCase('sv-SE')}: ${lowerFirst(proposal.summary)}.`
          : 'Inget förslag kunde tas fram.',
      ];
      if (current) {
        const before =
          config.goals.statusScale.find((s) => s.id === current.statusId)?.label ?? current.statusId;
        saved.push(`Ersätter ${current.decidedBy.name}s beslut: ${before}.`);
      }
      return saved;
    });
    deps.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runDecideCli);

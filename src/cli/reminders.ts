/**
 * `npm run reminders -- [--dry-run]`: one reminder pass with the bot's own settings (storage,
 * FOLLOWUP_NOW, credentials, TEAMS_APP_CATALOG_ID), printed as a table. The pass is the app's:
 * the same delivery (src/index.ts `createProcessDelivery`), so with TEAMS_APP_CATALOG_ID it also
 * installs the app for people who never opened the bot. With --dry-run nothing is claimed, sent
 * or installed and every line says why it would or would not go out. Safe to run beside a running
 * bot: the claims in storage keep every reminder and install to one.
 */
import { createAdapter } from '../bot/http.js';
import { createProcessDelivery } from '../index.js';
import { createReminderScheduler, defaultInstanceId, type RunReport } from '../reminders/scheduler.js';
import { createLogger } from '../shared/logger.js';
import {
  type CliDeps,
  EXIT,
  isEntry,
  loadCliContext,
  parseCliArgs,
  runAsProcess,
  runCommand,
  withStorage,
} from './run-cli.js';

const USAGE = 'Användning: npm run reminders -- [--dry-run]';

const OUTCOME: Record<string, string> = {
  sent: 'skickad',
  'would-send': 'skulle skickas nu',
  'not-now': 'skickas vid nästa tillåtna tid',
  'already-sent': 'redan skickad',
  'claimed-elsewhere': 'skickas av en annan instans',
  unreachable: 'når inte personen',
  failed: 'misslyckades, försöks igen',
};

const ROLE: Record<string, string> = { manager: 'chef', deputy: 'ersättare', leadership: 'ledning' };

/** `names`: aadObjectId → name, for the installs (they are people, not reminders). */
export function formatRunReport(report: RunReport, names: ReadonlyMap<string, string> = new Map()): string {
  const lines = [
    `Påminnelser ${report.localDate} kl. ${report.localTime}${report.dryRun ? ' (provkörning, inget skickas)' : ''}`,
    ...(report.closedReason ? [`Utskick nu: nej – ${report.closedReason}`] : []),
    '',
    '| Period | Typ | Person | Roll | Enheter | Utfall | Varför |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.entries.map(
      (e) =>
        `| ${e.periodId} | ${e.kind} | ${e.name} | ${ROLE[e.role]} | ${e.unitIds.join(', ')} | ${OUTCOME[e.outcome] ?? e.outcome} | ${e.detail} |`,
    ),
    '',
    `Skickade ${report.sent}, hoppade över ${report.skipped}, når inte ${report.unreachable}, misslyckade ${report.failed}.`,
    ...report.notes.map((n) => `Inte påmind (${n.periodId}): ${n.name} – ${n.text}`),
    ...(report.installs.length > 0
      ? [
          '',
          `Appen via Microsoft Graph för ${report.installs.length} utan konversation i Teams:`,
          ...report.installs.map(
            (i) => `  ${names.get(i.aadObjectId) ?? i.aadObjectId}: ${INSTALL[i.outcome] ?? i.outcome}`,
          ),
        ]
      : []),
    ...report.errors.map((e) => `Fel: ${e}`),
  ];
  return lines.join('\n');
}

const INSTALL: Record<string, string> = {
  installed: 'installerad',
  'already-installed': 'fanns redan',
  forbidden: 'nekad (behörighet saknas)',
  'not-found': 'användaren finns inte',
  'claimed-elsewhere': 'installeras av en annan instans',
  skipped: 'klar tidigare eller nekad i dag',
  failed: 'misslyckades, försöks igen',
};

/** One pass; the exit code is 1 when part of it failed (storage errors). */
export async function runRemindersCli(args: readonly string[], deps: CliDeps): Promise<number> {
  return runCommand(deps, async () => {
    const cli = parseCliArgs(deps, args, { options: { 'dry-run': 'boolean' }, usage: USAGE });
    if (!cli) return EXIT.ok;
    const dryRun = cli.flag('dry-run');
    const logger = createLogger({ level: 'warn' });
    // The same clock and demo data as `npm start`, so a dry run shows what the bot would do.
    const context = await loadCliContext(deps);
    const { settings, config } = context;
    const clock = { now: context.now };
    const report = await withStorage(
      deps,
      context,
      (storage) =>
        createReminderScheduler({
          config,
          clock,
          answers: storage.answers,
          reminderLog: storage.reminders,
          conversations: storage.conversations,
          pauses: storage.pauses,
          snoozes: storage.snoozes,
          delivery: createProcessDelivery({
            settings,
            adapter: createAdapter(settings.bot, logger),
            reminderLog: storage.reminders,
            clock,
            logger,
          }),
          logger,
          instanceId: `cli-${defaultInstanceId()}`,
        }).runOnce({ dryRun }),
      { resolveIdentities: true },
    );
    const people = [
      ...config.units.flatMap((u) => [...u.managers, ...u.deputies]),
      ...config.organisation.leadership,
    ];
    const names = new Map(people.map((p) => [p.aadObjectId, p.name]));
    deps.stdout.write(`${formatRunReport(report, names)}\n`);
    return report.errors.length > 0 ? EXIT.failure : EXIT.ok;
  });
}

if (isEntry(import.meta.url)) await runAsProcess(runRemindersCli);

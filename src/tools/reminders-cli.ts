/**
 * `npm run reminders -- [--dry-run]`: one reminder pass with the bot's own settings (storage,
 * FOLLOWUP_NOW, credentials), printed as a table. With --dry-run nothing is claimed or sent and
 * every line says why it would or would not go out. Safe to run beside a running bot: the claims
 * in storage keep every reminder to one delivery.
 */
import { pathToFileURL } from 'node:url';
import { createAdapter } from '../bot/http.js';
import { createProactiveSender } from '../bot/proactive.js';
import { createCardRenderer } from '../cards/render.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { applyResolved } from '../config/people.js';
import { readSettings, SettingsError } from '../config/settings.js';
import { appClock, seedDemoAnswers } from '../dev/demo.js';
import { createReminderDelivery } from '../reminders/delivery.js';
import { createReminderScheduler, defaultInstanceId, type RunReport } from '../reminders/scheduler.js';
import { createLogger } from '../shared/logger.js';
import { openStorage, storageTargetFrom } from '../storage/index.js';

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

export function formatRunReport(report: RunReport): string {
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
          `Appen installerad via Microsoft Graph för ${report.installs.filter((i) => i.outcome === 'installed').length} av ${report.installs.length} utan konversation.`,
        ]
      : []),
    ...report.errors.map((e) => `Fel: ${e}`),
  ];
  return lines.join('\n');
}

async function main(args: readonly string[]): Promise<number> {
  const dryRun = args.includes('--dry-run');
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) {
    console.error(`Okänt argument: ${unknown.join(' ')}. Användning: npm run reminders -- [--dry-run]`);
    return 2;
  }
  const logger = createLogger({ level: 'warn' });
  try {
    const settings = readSettings(process.env);
    const config = await loadConfig(settings.configDir);
    // The same clock and demo data as `npm start`, so a dry run shows what the bot would do.
    const { clock, demo } = appClock(settings, config, 'auto');
    const storage = await openStorage(storageTargetFrom(settings.storage), settings.tablePrefix);
    try {
      applyResolved(config.organisation, await storage.identities.list());
      if (demo) await seedDemoAnswers({ config, answers: storage.answers, clock });
      const adapter = createAdapter(settings.bot, logger);
      const scheduler = createReminderScheduler({
        config,
        clock,
        answers: storage.answers,
        reminderLog: storage.reminders,
        conversations: storage.conversations,
        pauses: storage.pauses,
        snoozes: storage.snoozes,
        delivery: createReminderDelivery({
          reminderLog: storage.reminders,
          sender: createProactiveSender(adapter, settings.bot.appId),
          renderer: createCardRenderer(),
          clock,
          logger,
        }),
        logger,
        instanceId: `cli-${defaultInstanceId()}`,
      });
      const report = await scheduler.runOnce({ dryRun });
      console.log(formatRunReport(report));
      return report.errors.length > 0 ? 1 : 0;
    } finally {
      await storage.close();
    }
  } catch (error) {
    if (error instanceof SettingsError || error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}

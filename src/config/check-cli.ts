/**
 * `npm run config:check [dir]`: validates a configuration directory and prints a summary, or
 * every problem with its file and path. Exit code 1 when anything is wrong.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from './load-config.js';
import { unresolvedPeople } from './people.js';
import { shippedConfigDir } from './settings.js';

const dir = path.resolve(process.argv[2] ?? shippedConfigDir);
try {
  const c = await loadConfig(dir);
  const indicators = c.indicatorsById.size;
  const kinds = (kind: string) => [...c.assignmentsById.values()].filter((a) => a.kind === kind).length;
  const people = new Set(c.units.flatMap((u) => [...u.managers, ...u.deputies].map((p) => p.aadObjectId)));
  const lines = [
    `Konfigurationen i ${dir} är giltig.`,
    `  Nämnd:                 ${c.goals.committee.name} (${c.goals.year})`,
    `  Statusskala:           ${c.goals.statusScale.map((s) => s.label).join(' / ')}`,
    `  Målområden:            ${c.goals.areas.length}`,
    `  Kommunövergripande mål: ${c.goals.areas.reduce((n, a) => n + a.municipalGoals.length, 0)}`,
    `  Nämndmål:              ${c.goalList.length}`,
    `  Nämndindikatorer:      ${indicators}`,
    `  Strategiska uppdrag:   ${kinds('kommungemensamt')} kommungemensamma, ${kinds('namndspecifikt')} nämndspecifika`,
    `  Nämnduppdrag:          ${kinds('namnduppdrag')}`,
    `  Internkontrollpunkter: ${kinds('internkontroll')}`,
    `  Ekonomirader:          ${c.economy.rows.length}`,
    `  Volymmått:             ${c.volumes.measures.length}`,
    `  Förvaltningar:         ${c.organisation.administrations.length}`,
    `  Enheter:               ${c.units.length}`,
    `  Chefer och ersättare:  ${people.size}`,
    `  Bara UPN/e-post:       ${unresolvedPeople(c.organisation).length} (objekt-id hämtas när personen skriver till boten eller installerar appen)`,
    `  Ledning:               ${c.organisation.leadership.length}`,
    `  Perioder:              ${c.periods.length} (${c.periods[0]?.id ?? '–'} till ${c.periods.at(-1)?.id ?? '–'})`,
  ];
  console.log(lines.join('\n'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

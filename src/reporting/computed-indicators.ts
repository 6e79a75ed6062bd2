/**
 * Indicators the product computes from the economy section instead of asking anyone
 * (`reportedBy: computed` in goals.yaml): Avvikelse mot budget, % and Träffsäkerhet i
 * ekonomiprognos. Pure.
 */
import type { CommitteeConfig } from '../config/load-config.js';
import type { ComputedValue } from './indicators.js';
import type { EconomyReport } from './report-model.js';

export function computedValues(config: CommitteeConfig, economy: EconomyReport): Map<string, ComputedValue> {
  const values = new Map<string, ComputedValue>();
  for (const indicator of config.indicatorsById.values()) {
    const source = indicator.computed;
    if (indicator.reporter !== 'computed' || !source) continue;
    if (source.from === 'budget-deviation') {
      values.set(indicator.id, {
        // Avvikelse = budget − prognos, so an overrun is negative, as a share of the budget.
        value: economy.measures.budgetDeviationPercent,
        judgeMagnitude: false,
        missingReason: 'Beräknas när nämndens prognos helår finns.',
      });
    } else {
      const accuracy = economy.measures.accuracy.find((a) => a.month === source.month);
      values.set(indicator.id, {
        value: accuracy?.deviationPercent ?? null,
        judgeMagnitude: true,
        missingReason: accuracy?.text ?? economy.accuracyNote,
      });
    }
  }
  return values;
}

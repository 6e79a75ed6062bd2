/** The units' free texts as report items, and the small phrases the report is written with. Pure. */

import type { Period } from '../calendar/periods.js';
import type { Unit } from '../config/load-config.js';
import { swedishMonthName } from '../shared/swedish-format.js';
import type { AttributedText, PeriodRef, UnitRef } from './report-model.js';

const BULLET = /^\s*(?:[-–•●*▪◦]|\d+[.)])\s+/;

/** A unit's free text as list items: its bullets, or its lines when it has none. */
export function splitItems(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return [];
  if (!lines.some((l) => BULLET.test(l))) return lines;
  const items: string[] = [];
  for (const line of lines) {
    if (BULLET.test(line) || items.length === 0) items.push(line.replace(BULLET, '').trim());
    else items[items.length - 1] = `${items.at(-1)} ${line}`;
  }
  return items.filter((i) => i !== '');
}

function normalise(text: string): string {
  return text
    .toLocaleLowerCase('sv-SE')
    .replace(/\s+/g, ' ')
    .replace(/[.!;:,\s]+$/, '')
    .trim();
}

const NOTHING_TO_REPORT = /^(inga avvikelser|inget att rapportera|inga resultat)/i;

/** Merges identical items across units (case, spacing and end punctuation aside), keeping who wrote them. */
export function attribute(entries: readonly { unit: UnitRef; text: string }[]): AttributedText[] {
  const merged = new Map<string, { text: string; units: UnitRef[] }>();
  for (const { unit, text } of entries) {
    for (const item of splitItems(text)) {
      const key = normalise(item);
      const found = merged.get(key);
      if (!found) merged.set(key, { text: item, units: [unit] });
      else if (!found.units.some((u) => u.unitId === unit.unitId)) found.units.push(unit);
    }
  }
  const all = [...merged.values()];
  // "Inga avvikelser" lines go last, after the ones that say something.
  return [
    ...all.filter((a) => !NOTHING_TO_REPORT.test(a.text)),
    ...all.filter((a) => NOTHING_TO_REPORT.test(a.text)),
  ];
}

/** Ends a text with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  return /[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

export function unitRef(unit: Unit): UnitRef {
  return { unitId: unit.id, shortName: unit.shortName };
}

export function periodRef(period: Period): PeriodRef {
  return { id: period.id, year: period.year, month: period.month, label: period.label };
}

/** "delår 2", "helår", "månadsuppföljningen i mars": the `{period}` of the scale's sentences. */
export function periodPhrase(period: Period): string {
  switch (period.kind) {
    case 'interim1':
      return 'delår 1';
    case 'interim2':
      return 'delår 2';
    case 'annual':
      return 'helår';
    case 'month':
      return `månadsuppföljningen i ${swedishMonthName(period.month)}`;
  }
}

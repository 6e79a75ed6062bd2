/**
 * The generated table of Swedish holidays is exactly what `date-holidays` says for every year it
 * holds, so the bot can leave the library unloaded; a year outside the table still comes from it.
 */
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { holidaysTableSource, libraryHolidays } from '../../src/calendar/holidays-table.js';
import { swedishHolidays } from '../../src/calendar/swedish-holidays.js';
import { FIRST_YEAR, YEARS } from '../../src/calendar/swedish-holidays-data.js';

const library = new Holidays('SE', { languages: ['sv'] });
const plain = (year: number) => swedishHolidays(year).map((h) => [h.date.slice(0, 10), h.name, h.type]);

describe('Swedish holidays', () => {
  it('the committed table is what `npm run holidays:table` writes from the installed library', () => {
    const committed = readFileSync(
      new URL('../../src/calendar/swedish-holidays-data.ts', import.meta.url),
      'utf8',
    );
    expect(holidaysTableSource()).toBe(committed);
  });

  it('the table holds 2000–2099 and equals date-holidays for every one of those years', () => {
    expect(FIRST_YEAR).toBe(2000);
    expect(YEARS).toHaveLength(100);
    for (let year = 2000; year <= 2099; year++) expect(plain(year)).toEqual(libraryHolidays(library, year));
  });

  it('gives dates in the library’s form, midsommar and Easter included', () => {
    expect(
      swedishHolidays(2025).filter((h) => h.name.startsWith('midsommar') || h.name === 'långfredagen'),
    ).toEqual([
      { date: '2025-04-18 00:00:00', name: 'långfredagen', type: 'public' },
      { date: '2025-06-20 00:00:00', name: 'midsommarafton', type: 'bank' },
      { date: '2025-06-21 00:00:00', name: 'midsommardagen', type: 'public' },
    ]);
  });

  it('asks the library for a year outside the table', () => {
    expect(plain(2100)).toEqual(libraryHolidays(library, 2100));
    expect(plain(1999)).toEqual(libraryHolidays(library, 1999));
    expect(plain(2100).length).toBeGreaterThan(10);
  });
});

/**
 * What the "Påminn dem nu" card says after a press: pure, from the nudge's counts.
 */
import { describe, expect, it } from 'vitest';
import { nudgeNotices } from '../../src/leadership/missing.js';

const none = { sent: 0, skipped: 0, snoozed: 0, unreachable: 0, failed: 0 };

describe('after "Påminn dem nu"', () => {
  it('counts people in Swedish, one and many', () => {
    expect(nudgeNotices({ ...none, sent: 1 })).toEqual([
      { tone: 'good', text: 'Påminnelse skickad till 1 person.' },
    ]);
    expect(nudgeNotices({ ...none, sent: 3, snoozed: 1 }).map((n) => n.text)).toEqual([
      'Påminnelse skickad till 3 personer.',
      '1 person har bett att bli påmind nästa arbetsdag och påmindes inte nu.',
    ]);
  });

  it('warns about those not reached, and says so when nobody could be reminded', () => {
    expect(nudgeNotices({ ...none, unreachable: 2, failed: 1 })).toEqual([
      {
        tone: 'warning',
        text: '2 personer nås inte i Teams (har inte installerat boten eller har blockerat den).',
      },
      { tone: 'warning', text: '1 person kunde inte nås just nu; försök igen om en stund.' },
    ]);
    expect(nudgeNotices(none)).toEqual([
      {
        tone: 'warning',
        text: 'Ingen kunde påminnas: cheferna och ersättarna är pausade eller frånvarande.',
      },
    ]);
  });

  it('tells of those already reminded today', () => {
    expect(nudgeNotices({ ...none, skipped: 2, snoozed: 2 }).map((n) => n.text)).toEqual([
      '2 personer har redan fått en påminnelse i dag och påmindes inte igen.',
      '2 personer har bett att bli påminda nästa arbetsdag och påmindes inte nu.',
    ]);
  });
});

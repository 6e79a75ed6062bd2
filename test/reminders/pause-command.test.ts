import { describe, expect, it } from 'vitest';
import { parsePauseCommand } from '../../src/reminders/pause-command.js';

const today = '2024-08-01';
const parse = (text: string, on = today) => parsePauseCommand(text, on);

describe('pause commands', () => {
  it.each([
    ['pausa påminnelser till 15 augusti', '2024-08-15'],
    ['Pausa påminnelserna till och med 15 aug.', '2024-08-15'],
    ['pausa till 2024-08-15', '2024-08-15'],
    ['pausa till den 15/8', '2024-08-15'],
    ['PAUSA PÅMINNELSER TILL 15 AUGUSTI 2024', '2024-08-15'],
    ['pausa tom 3 september', '2024-09-03'],
    ['pausa till 15/3/2025', '2025-03-15'],
    ['<at>Uppföljningsboten</at> pausa påminnelser till 1 augusti', '2024-08-01'],
  ])('"%s" pauses through %s', (text, until) => {
    expect(parse(text)).toEqual({ kind: 'pause', until });
  });

  it('a date without a year that has passed this year is next year', () => {
    expect(parse('pausa till 15 juli')).toEqual({ kind: 'pause', until: '2025-07-15' });
    expect(parse('pausa till 10 januari', '2024-12-20')).toEqual({ kind: 'pause', until: '2025-01-10' });
  });

  it.each(['återuppta påminnelser', 'Återuppta', 'återuppta påminnelserna!', 'avsluta pausen'])(
    '"%s" resumes',
    (text) => {
      expect(parse(text)).toEqual({ kind: 'resume' });
    },
  );

  it.each([
    ['pausa påminnelser', /Till vilket datum/],
    ['pausa påminnelser i två veckor', /förstod inte till när/],
    ['pausa till 31 juni', /31 juni är inget giltigt datum/],
    ['pausa till 2024-02-30', /2024-02-30 är inget giltigt datum/],
    ['pausa till 15 augustus', /förstod inte datumet ”15 augustus”/],
    ['pausa till 2024-07-15', /måndag 15 juli 2024 har redan varit/],
    ['pausa till 2026-01-01', /högst ett år framåt, till och med lördag 2 augusti 2025/],
    ['återuppta allt', /återuppta påminnelser/],
  ])('"%s" is refused with a Swedish explanation', (text, message) => {
    const result = parse(text);
    expect(result?.kind).toBe('invalid');
    expect(result && 'message' in result ? result.message : '').toMatch(message);
  });

  it('other texts are not pause commands', () => {
    expect(parse('rapportera')).toBeNull();
    expect(parse('')).toBeNull();
    expect(parse('hur pausar jag')).toBeNull();
  });
});

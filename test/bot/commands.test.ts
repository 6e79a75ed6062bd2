import { describe, expect, it } from 'vitest';
import { matchCommand, matchControllerCommand } from '../../src/bot/commands.js';
import { normalise } from '../../src/shared/text.js';

describe('forgiving command matching', () => {
  it.each([
    ['rapportera', 'report'],
    ['Rapportera!', 'report'],
    ['RAPPORTERA', 'report'],
    ['jag vill starta uppföljningen', 'report'],
    ['Uppföljning', 'report'],
    ['uppfoljning', 'report'],
    ['<at>Uppföljningsboten</at> rapportera', 'report'],
    ['status', 'status'],
    ['Status?', 'status'],
    ['hjälp', 'help'],
    ['HJÄLP', 'help'],
    ['hjalp', 'help'],
    ['kan du hjälpa mig', 'help'],
    ['?', 'help'],
    ['Hej', 'greeting'],
    ['hej hej', 'unknown'],
    ['vad är klockan', 'unknown'],
    ['', 'unknown'],
  ])('"%s" → %s', (text, command) => {
    expect(matchCommand(text)).toBe(command);
  });

  it('normalises case, diacritics and punctuation', () => {
    expect(normalise('  Hur går DET för Åsa & Öjvind?  ')).toBe('hur gar det for asa ojvind');
  });
});

describe("the controller's commands", () => {
  it.each([
    ['bokslut 2024', { kind: 'bokslut', year: 2024 }],
    ['Bokslut för 2024', { kind: 'bokslut', year: 2024 }],
    ['bokslutet 2025', { kind: 'bokslut', year: 2025 }],
    ['bokslut', { kind: 'bokslut', year: null }],
    ['Nämndens värden', { kind: 'committee' }],
    ['rapportera nämndens indikatorer', { kind: 'committee' }],
    ['rapportera', null],
    ['prognos', null],
  ])('"%s" → %j', (text, expected) => {
    expect(matchControllerCommand(text)).toEqual(expected);
  });
});

/**
 * "Påminn mig i morgon", "pausa påminnelser till …" and "återuppta påminnelser" without Teams:
 * the text and the person in, the stored pause or snooze and the card out. Storage is Azurite.
 * Asked on Friday 6 September 2024, so the next working day is Monday the 9th.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWorkingDayCalendar } from '../../src/calendar/working-days.js';
import { type CommitteeConfig, loadConfig } from '../../src/config/load-config.js';
import { shippedConfigDir } from '../../src/config/settings.js';
import { createReminderSettings, type ReminderSettings } from '../../src/reminders/reminder-settings.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openStorage, type Storage } from '../../src/storage/index.js';

let storage: Storage;
let config: CommitteeConfig;
let settings: ReminderSettings;
const anna = 'demo-chef-amc';

beforeAll(async () => {
  storage = await openStorage(
    { kind: 'connectionString', connectionString: inject('azuriteConnectionString') },
    `p${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  );
  config = await loadConfig(shippedConfigDir);
  settings = createReminderSettings({
    config,
    clock: fixedClock(new Date('2024-09-06T08:00:00Z')),
    pauses: storage.pauses,
    snoozes: storage.snoozes,
    workingDays: createWorkingDayCalendar(),
  });
});

afterAll(async () => {
  await storage.close();
});

describe('the commands', () => {
  it('knows its own texts and leaves the rest to the bot', () => {
    expect(settings.command('Påminn mig i morgon!')).toEqual({ kind: 'snooze' });
    expect(settings.command('pausa påminnelser till 15 september')).toEqual({
      kind: 'pause',
      until: '2024-09-15',
    });
    expect(settings.command('återuppta påminnelser')).toEqual({ kind: 'resume' });
    expect(settings.command('pausa')).toMatchObject({ kind: 'invalid' });
    expect(settings.command('rapportera')).toBeNull();
  });
});

describe('for a manager', () => {
  it('snoozes to the next working day', async () => {
    const card = await settings.run(anna, { kind: 'snooze' });
    expect(card?.title).toBe('Jag påminner dig igen');
    expect(await storage.snoozes.get(anna)).toMatchObject({ until: '2024-09-09' });
  });

  it('pauses, and resumes', async () => {
    expect((await settings.run(anna, { kind: 'pause', until: '2024-09-15' }))?.title).toBe(
      'Påminnelserna är pausade',
    );
    expect(await storage.pauses.get(anna)).toMatchObject({
      until: '2024-09-15',
      reason: 'paused',
      setBy: anna,
    });
    expect((await settings.run(anna, { kind: 'resume' }))?.title).toBe('Påminnelserna är på igen');
    expect(await storage.pauses.get(anna)).toBeNull();
    expect((await settings.run(anna, { kind: 'resume' }))?.title).toBe('Påminnelserna är redan på');
  });

  it('says what to write when the command could not be used, storing nothing', async () => {
    const card = await settings.run(anna, { kind: 'invalid', message: 'Skriv ett datum.' });
    expect(card).toMatchObject({ title: 'Påminnelserna pausades inte', text: 'Skriv ett datum.' });
    expect(await storage.pauses.get(anna)).toBeNull();
  });
});

describe('for someone not in the organisation', () => {
  it('stores nothing and leaves the answer to the bot', async () => {
    expect(await settings.run('okand-person', { kind: 'pause', until: '2024-09-15' })).toBeNull();
    expect(await settings.run('okand-person', { kind: 'snooze' })).toBeNull();
    expect(await settings.run('', { kind: 'resume' })).toBeNull();
    expect(await storage.pauses.get('okand-person')).toBeNull();
    expect(await storage.snoozes.get('okand-person')).toBeNull();
  });
});

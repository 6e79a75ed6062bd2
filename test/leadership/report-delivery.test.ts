/**
 * Report delivery without Teams: who asks what, and the plain outputs the adapter shows (a card,
 * a text, a file to offer, the delivered file). Real storage (Azurite) and the real leadership
 * service; only the OneDrive upload is a stand-in, as Teams would provide it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommitteeConfig } from '../../src/config/load-config.js';
import { createDownloadLinks } from '../../src/downloads/links.js';
import { type DeliveryOutput, ReportDelivery } from '../../src/leadership/report-delivery.js';
import { createFileLinks } from '../../src/leadership/report-offers.js';
import { LeadershipService } from '../../src/leadership/service.js';
import { silentLogger } from '../../src/shared/logger.js';
import type { Storage } from '../../src/storage/index.js';
import { callers, leadershipConfig, movableClock, seededStorage } from '../support/leadership.js';
import { shippedTemplate } from '../support/template.js';

let config: CommitteeConfig;
let storage: Storage;
let delivery: ReportDelivery;
const uploads: { url: string; bytes: number }[] = [];
const clock = movableClock();
/** The links' own clock, held still so their lifetimes read the same in every run. */
const linkNow = () => clock.current.getTime();

/** A download link's text for the file, as the person reads it. */
function linkTo(fileName: string): RegExp {
  const name = fileName.replace(/\./g, '\\.');
  return new RegExp(
    `^Ladda ned \\[${name}\\]\\(http://localhost/files/[A-Za-z0-9_-]{43}\\)\\. Länken fungerar en gång och gäller i 30 minuter\\.$`,
  );
}

beforeAll(async () => {
  config = await leadershipConfig();
  storage = await seededStorage(inject('azuriteConnectionString'));
  const leadership = new LeadershipService({
    config,
    answers: storage.answers,
    decisions: storage.decisions,
    audit: storage.audit,
    clock,
    reportTemplate: await shippedTemplate(),
  });
  delivery = new ReportDelivery({
    leadership,
    links: createFileLinks('test-secret-that-is-long-enough-0123456789', linkNow),
    downloads: createDownloadLinks({
      store: storage.links,
      publicUrl: 'http://localhost',
      now: linkNow,
    }),
    offers: storage.files,
    logger: silentLogger,
    guarded: (call) => call(),
    upload: async (url, bytes) => {
      if (url.includes('broken')) throw new Error('OneDrive said no');
      uploads.push({ url, bytes: bytes.length });
    },
  });
});

afterAll(async () => {
  await storage.close();
});

/** Runs a delivery and returns what the person would be shown, in order. */
async function shown(
  run: (out: (o: DeliveryOutput) => Promise<void>) => Promise<void>,
): Promise<DeliveryOutput[]> {
  const outputs: DeliveryOutput[] = [];
  await run(async (o) => {
    outputs.push(o);
  });
  return outputs;
}

function offerIn(outputs: readonly DeliveryOutput[]) {
  const offer = outputs.find((o) => o.kind === 'offer');
  if (offer?.kind !== 'offer') throw new Error('no offer');
  return offer;
}

describe('asking for the files', () => {
  it('offers each file where the channel can ask the person, named and described', async () => {
    const outputs = await shown((out) =>
      delivery.deliver(callers.helena, 'juni', ['docx', 'xlsx'], true, out),
    );
    expect(outputs.map((o) => (o.kind === 'offer' ? [o.file.fileName, o.description] : o.kind))).toEqual([
      ['Manadsuppfoljning-AN-2024-06.docx', 'Juni 2024 som Word'],
      ['Manadsuppfoljning-AN-2024-06.xlsx', 'Juni 2024 som Excel'],
    ]);
  });

  it('sends a single-use link elsewhere', async () => {
    const outputs = await shown((out) => delivery.deliver(callers.helena, 'juni', ['xlsx'], false, out));
    expect(outputs).toEqual([
      { kind: 'text', text: expect.stringMatching(linkTo('Manadsuppfoljning-AN-2024-06.xlsx')) },
    ]);
  });

  it('gives a refusal card, and no file, to someone who may not have the report', async () => {
    const outputs = await shown((out) =>
      delivery.deliver(callers.ulrika, 'juni', ['docx', 'xlsx'], true, out),
    );
    expect(outputs).toEqual([{ kind: 'reply', reply: expect.objectContaining({ card: 'message' }) }]);
  });
});

describe('answering an offer', () => {
  it('uploads exactly the offered file once, and then says it is delivered', async () => {
    const offer = offerIn(
      await shown((out) => delivery.deliver(callers.helena, 'juli', ['docx'], true, out)),
    );
    const answer = { from: callers.helena.aadObjectId, token: offer.token };
    const accepted = await shown((out) =>
      delivery.accept(answer, { uploadUrl: 'https://onedrive.test/ok' }, out),
    );
    expect(accepted).toEqual([
      { kind: 'delivered', name: offer.file.fileName, contentUrl: '', uniqueId: '', fileType: '' },
    ]);
    expect(uploads.at(-1)).toEqual({ url: 'https://onedrive.test/ok', bytes: offer.file.bytes.length });
    const again = await shown((out) =>
      delivery.accept(answer, { uploadUrl: 'https://onedrive.test/ok' }, out),
    );
    expect(again).toEqual([{ kind: 'text', text: `Filen ${offer.file.fileName} är redan levererad.` }]);
  });

  it('sends a link to the kept file when the upload fails, or when the person declines', async () => {
    const offer = offerIn(
      await shown((out) => delivery.deliver(callers.helena, 'juli', ['xlsx'], true, out)),
    );
    const answer = { from: callers.helena.aadObjectId, token: offer.token };
    const failed = await shown((out) =>
      delivery.accept(answer, { uploadUrl: 'https://onedrive.test/broken' }, out),
    );
    expect(failed).toEqual([
      { kind: 'text', text: 'Filen kunde inte sparas i din OneDrive. Här är en nedladdningslänk i stället:' },
      { kind: 'text', text: expect.stringMatching(linkTo(offer.file.fileName)) },
    ]);
    const declined = await shown((out) => delivery.decline(answer, out));
    expect(declined).toEqual([
      {
        kind: 'text',
        text: 'Okej, filen sparades inte i din OneDrive. Vill du ha den ändå finns en länk här:',
      },
      { kind: 'text', text: expect.stringMatching(linkTo(offer.file.fileName)) },
    ]);
  });

  it('refuses a token that was made for someone else', async () => {
    const offer = offerIn(
      await shown((out) => delivery.deliver(callers.helena, 'juli', ['docx'], true, out)),
    );
    const outputs = await shown((out) =>
      delivery.accept(
        { from: callers.david.aadObjectId, token: offer.token },
        { uploadUrl: 'https://x' },
        out,
      ),
    );
    expect(outputs).toEqual([
      { kind: 'text', text: 'Frågan om filen har gått ut. Skriv ”rapport” igen så skickar jag en ny.' },
    ]);
    expect(await shown((out) => delivery.decline({ from: undefined, token: offer.token }, out))).toEqual([
      { kind: 'text', text: 'Okej, filen sparades inte. Skriv ”rapport” om du vill ha den senare.' },
    ]);
  });
});

/**
 * Getting the report files to the person who asked, whatever the channel: which file, for whom,
 * kept how long, and what to say when it cannot be had. Where the channel can ask the person to
 * accept a file (a Teams consent card), each file is made now, kept as offered (report-offers.ts)
 * and offered; elsewhere, or when the person declines or the upload fails, a single-use link
 * recorded in storage (src/downloads/) is sent instead. A link to an offered file serves exactly
 * that file; a link without one makes the file when used, with the person's rights then.
 *
 * Knows nothing of Teams: it hands plain outputs (a card, a text, a file to offer) to the adapter,
 * one at a time, in the order the person should see them.
 */
import type { CommitteeConfig } from '../config/load-config.js';
import type { DownloadLinks } from '../downloads/links.js';
import { LINK_TTL_MS } from '../downloads/links.js';
import type { DownloadLink } from '../downloads/ports.js';
import type { ReportSource } from '../downloads/routes.js';
import type { Caller, Reply } from '../followup/service.js';
import type { Logger } from '../shared/logger.js';
import { count } from '../shared/swedish-format.js';
import { isReportFile, type LeadershipApi, type ReportFormat } from './api.js';
import type { FileOfferStore, OfferedFile } from './ports.js';
import { reportTitle } from './report-files.js';
import { type FileLinks, minutesLeft, newOffer } from './report-offers.js';

export type DeliveryOutput =
  /** A card instead of a file: a refusal, an unknown period, a period without answers. */
  | { readonly kind: 'reply'; readonly reply: Reply }
  /** A plain message (markdown): a download link, or what happened to an offer. */
  | { readonly kind: 'text'; readonly text: string }
  /** Storage is down: nothing more was done. */
  | { readonly kind: 'storage-down' }
  /** Ask the person to accept this kept file (Teams: the file consent card). */
  | {
      readonly kind: 'offer';
      readonly file: OfferedFile;
      readonly token: string;
      /** "Augusti 2024 – delår 2 som Word" */
      readonly description: string;
    }
  /** The file is in the person's OneDrive: the card that opens it. */
  | {
      readonly kind: 'delivered';
      readonly name: string;
      readonly contentUrl: string;
      readonly uniqueId: string;
      readonly fileType: string;
    };

/** Shows one output to the person; the adapter's translation into its channel. */
export type Outbox = (output: DeliveryOutput) => Promise<void>;

/** The person's answer to an offer, as the channel gave it: nothing in it is trusted. */
export interface OfferAnswer {
  /** Who answered (Entra object id); undefined when the channel did not say. */
  readonly from: string | undefined;
  /** The token the offer carried. */
  readonly token: string;
}

/** Where Teams lets the accepted file be uploaded, and what it called it. */
export interface UploadTarget {
  readonly uploadUrl?: string;
  readonly name?: string;
  readonly contentUrl?: string;
  readonly uniqueId?: string;
  readonly fileType?: string;
}

export interface ReportDeliveryDeps {
  readonly leadership: Pick<LeadershipApi, 'document'>;
  /** Signed tokens of offers. */
  readonly links: FileLinks;
  /** Single-use download links, recorded in storage. */
  readonly downloads: DownloadLinks;
  readonly offers: FileOfferStore;
  readonly logger: Logger;
  /** Runs a storage call; null when storage is down. */
  readonly guarded: <T>(call: () => Promise<T>) => Promise<T | null>;
  /** Puts the bytes where the channel said (the person's OneDrive). Throws when it fails. */
  readonly upload: (url: string, bytes: Buffer) => Promise<void>;
}

/** The consent card's kept file, with the report it is (for a link sent instead). */
interface Answered {
  readonly file: OfferedFile;
  readonly periodId: string;
  readonly format: ReportFormat;
}

/** "Hämta rapport" on the prognosis card: both files of the card's period. */
export function documentFromCard(data: Readonly<Record<string, unknown>>): {
  readonly rest: string;
  readonly formats: readonly ReportFormat[];
} {
  return { rest: typeof data.periodId === 'string' ? data.periodId : '', formats: ['docx', 'xlsx'] };
}

export class ReportDelivery {
  constructor(private readonly deps: ReportDeliveryDeps) {}

  /**
   * The report files `rest` names (a period), one per format: offered where the channel can ask
   * the person to accept a file (`canOffer`), else as download links.
   */
  async deliver(
    who: Caller,
    rest: string,
    formats: readonly ReportFormat[],
    canOffer: boolean,
    out: Outbox,
  ): Promise<void> {
    const { deps } = this;
    for (const format of formats) {
      const file = await deps.guarded(() => deps.leadership.document(who, rest, format));
      if (!file) return out({ kind: 'storage-down' });
      if (!isReportFile(file)) return out({ kind: 'reply', reply: file });
      if (!canOffer) {
        // No offer: the link makes the file when it is used, with the person's rights then.
        const link = await deps.guarded(() =>
          deps.downloads.issue({ periodId: file.period.id, format, aadObjectId: who.aadObjectId }),
        );
        if (!link) return out({ kind: 'storage-down' });
        await out({ kind: 'text', text: this.linkText(file.fileName, link) });
        continue;
      }
      const now = deps.links.now();
      const offer = newOffer(file, who.aadObjectId, now);
      if ((await deps.guarded(() => deps.offers.put(offer).then(() => true))) === null) {
        return out({ kind: 'storage-down' });
      }
      const token = deps.links.token(
        { offerId: offer.id, aadObjectId: offer.aadObjectId, periodId: file.period.id, format },
        Math.min(offer.expiresAt, now + LINK_TTL_MS),
      );
      await out({
        kind: 'offer',
        file: offer,
        token,
        description: `${file.period.label} som ${format === 'docx' ? 'Word' : 'Excel'}`,
      });
    }
    await this.purgeOffers();
  }

  /** The person accepted: the kept file goes where the channel said, or a link when that fails. */
  async accept(answer: OfferAnswer, upload: UploadTarget | undefined, out: Outbox): Promise<void> {
    const { deps } = this;
    const offer = await deps.guarded(() => this.answeredOffer(answer));
    if (offer === null) return out({ kind: 'storage-down' });
    if (typeof offer === 'string') return out({ kind: 'text', text: offer });
    try {
      if (!upload?.uploadUrl) throw new Error('Teams gave no upload URL');
      await deps.upload(upload.uploadUrl, offer.file.bytes);
    } catch (error) {
      deps.logger.error('file upload failed', { error: String(error) });
      const link = await this.offerLink(offer);
      if (!link) return out({ kind: 'storage-down' });
      await out({
        kind: 'text',
        text: 'Filen kunde inte sparas i din OneDrive. Här är en nedladdningslänk i stället:',
      });
      return out({ kind: 'text', text: link });
    }
    await deps.guarded(() => deps.offers.markDelivered(offer.file.id));
    await out({
      kind: 'delivered',
      // The name Teams gave the file in OneDrive (the offered name unless it had to rename it).
      name: upload.name ?? offer.file.fileName,
      contentUrl: upload.contentUrl ?? '',
      uniqueId: upload.uniqueId ?? '',
      fileType: upload.fileType ?? '',
    });
  }

  /** The person declined: the kept file is still theirs by a link. */
  async decline(answer: OfferAnswer, out: Outbox): Promise<void> {
    const offer = await this.deps.guarded(() => this.answeredOffer(answer));
    if (offer === null || typeof offer === 'string') {
      return out({
        kind: 'text',
        text: 'Okej, filen sparades inte. Skriv ”rapport” om du vill ha den senare.',
      });
    }
    const link = await this.offerLink(offer);
    if (!link) return out({ kind: 'storage-down' });
    await out({
      kind: 'text',
      text: 'Okej, filen sparades inte i din OneDrive. Vill du ha den ändå finns en länk här:',
    });
    await out({ kind: 'text', text: link });
  }

  private linkText(fileName: string, link: { url: string; expiresAt: string }): string {
    const minutes = minutesLeft(Date.parse(link.expiresAt), this.deps.links.now());
    return `Ladda ned [${fileName}](${link.url}). Länken fungerar en gång och gäller i ${count(minutes, 'minut', 'minuter')}.`;
  }

  /**
   * A storage link to the offered file, for no longer than the offer is kept: it serves the kept
   * file under its offered name. Null when storage is down.
   */
  private async offerLink(offer: Answered): Promise<string | null> {
    const link = await this.deps.guarded(() =>
      this.deps.downloads.issue({
        periodId: offer.periodId,
        format: offer.format,
        aadObjectId: offer.file.aadObjectId,
        offerId: offer.file.id,
        notAfter: offer.file.expiresAt,
      }),
    );
    return link ? this.linkText(offer.file.fileName, link) : null;
  }

  /** Offers nobody answered are removed once expired; a failure here is only logged. */
  private async purgeOffers(): Promise<void> {
    try {
      await this.deps.offers.purgeExpired(this.deps.links.now(), 20);
    } catch (error) {
      this.deps.logger.warn('could not purge expired file offers', { error: String(error) });
    }
  }

  /** The offer an answer is about: the file, or what to tell the person instead. */
  private async answeredOffer(answer: OfferAnswer): Promise<Answered | string> {
    const check = this.deps.links.verify(answer.token);
    const expired = 'Frågan om filen har gått ut. Skriv ”rapport” igen så skickar jag en ny.';
    // A token copied into someone else's activity is refused.
    if (!check.ok || check.claims.aadObjectId !== answer.from) return expired;
    const state = await this.deps.offers.get(check.claims.offerId, this.deps.links.now());
    if (state.kind === 'gone') return expired;
    if (state.kind === 'delivered') return `Filen ${state.fileName} är redan levererad.`;
    const format = check.claims.format ?? (state.file.fileName.endsWith('.xlsx') ? 'xlsx' : 'docx');
    return { file: state.file, periodId: check.claims.periodId ?? '', format };
  }
}

/**
 * The file a download link serves: the kept file of an offer (`link.offerId`), once, to the person
 * it was offered to; otherwise the report made now, as the person the link was made for.
 */
export function reportLinkSource(deps: {
  readonly leadership: Pick<LeadershipApi, 'document'>;
  readonly offers: FileOfferStore;
  readonly now: () => number;
}): ReportSource {
  return async (who, link) => {
    if (!link.offerId) {
      const file = await deps.leadership.document(who, link.periodId, link.format);
      return isReportFile(file) ? file : null;
    }
    // A link sent instead of a consent card's upload: exactly the file the card offered.
    const state = await deps.offers.get(link.offerId, deps.now());
    if (state.kind !== 'offered' || state.file.aadObjectId !== link.aadObjectId) return null;
    if (!(await deps.offers.markDelivered(link.offerId))) return null;
    return state.file;
  };
}

/** What a link gives, for its page: "Delårsrapporten för augusti 2024 – delår 2 som Excel-fil". */
export function describeReportLink(config: CommitteeConfig): (link: DownloadLink) => string {
  return (link) => {
    const period = config.periods.find((p) => p.id === link.periodId);
    const what = period ? reportTitle(period) : 'Rapporten';
    return `${what} som ${link.format === 'docx' ? 'Word-fil' : 'Excel-fil'}`;
  };
}

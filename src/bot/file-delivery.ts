/**
 * The report files in a turn: in a personal Teams chat through the file consent card (the file
 * lands in the person's OneDrive); elsewhere, or when the person declines or the upload fails, a
 * single-use link recorded in storage (src/downloads/). A file offered on a consent card is made
 * once and kept (`FileOfferStore`) until delivered or expired: the upload, and the link sent
 * instead, deliver exactly the file the card named, under the same name and size.
 */
import { type Activity, type FileConsentCardResponse, MessageFactory, type TurnContext } from 'botbuilder';
import type { DownloadLinks } from '../downloads/links.js';
import { LINK_TTL_MS } from '../downloads/links.js';
import type { Caller, Reply } from '../followup/service.js';
import { isReportFile, type LeadershipApi, type ReportFormat } from '../leadership/api.js';
import type { Logger } from '../shared/logger.js';
import { consentCard, type FileLinks, fileInfoCard, minutesLeft, newOffer, uploadFile } from './files.js';
import type { FileOfferStore, OfferedFile } from './ports.js';

export interface FileDeliveryDeps {
  readonly leadership: Pick<LeadershipApi, 'document'>;
  readonly links: FileLinks;
  /** Single-use download links, recorded in storage. */
  readonly downloads: DownloadLinks;
  readonly offers: FileOfferStore;
  readonly logger: Logger;
  /** Sends a card (a refusal, an unknown period) instead of a file. */
  readonly send: (context: TurnContext, reply: Reply) => Promise<void>;
  /** Tells the person storage is down and nothing was saved. */
  readonly storageDown: (context: TurnContext) => Promise<void>;
  /** Runs a storage call; null when storage is down. */
  readonly guarded: <T>(call: () => Promise<T>) => Promise<T | null>;
}

/** The consent card's kept file, with the report it is (for a link sent instead). */
interface Answered {
  readonly file: OfferedFile;
  readonly periodId: string;
  readonly format: 'docx' | 'xlsx';
}

export class FileDelivery {
  constructor(private readonly deps: FileDeliveryDeps) {}

  /** Offers the report files `rest` names (a period), one per format. */
  async deliver(
    context: TurnContext,
    who: Caller,
    rest: string,
    formats: readonly ReportFormat[],
  ): Promise<void> {
    const teamsPersonal =
      context.activity.channelId === 'msteams' &&
      context.activity.conversation?.conversationType === 'personal';
    for (const format of formats) {
      const file = await this.deps.guarded(() => this.deps.leadership.document(who, rest, format));
      if (!file) {
        await this.deps.storageDown(context);
        return;
      }
      if (!isReportFile(file)) {
        await this.deps.send(context, file);
        return;
      }
      if (!teamsPersonal) {
        // No consent card: the link makes the file when it is used, with the person's rights then.
        const link = await this.deps.guarded(() =>
          this.deps.downloads.issue({ periodId: file.period.id, format, aadObjectId: who.aadObjectId }),
        );
        if (!link) {
          await this.deps.storageDown(context);
          return;
        }
        await context.sendActivity(this.linkText(file.fileName, link));
        continue;
      }
      const now = this.deps.links.now();
      const offer = newOffer(file, who.aadObjectId, now);
      if ((await this.deps.guarded(() => this.deps.offers.put(offer).then(() => true))) === null) {
        await this.deps.storageDown(context);
        return;
      }
      const description = `${file.period.label} som ${format === 'docx' ? 'Word' : 'Excel'}`;
      const token = this.deps.links.token(
        { offerId: offer.id, aadObjectId: offer.aadObjectId, periodId: file.period.id, format },
        Math.min(offer.expiresAt, now + LINK_TTL_MS),
      );
      await context.sendActivity(MessageFactory.attachment(consentCard(offer, token, description)));
    }
    await this.purgeOffers();
  }

  private linkText(fileName: string, link: { url: string; expiresAt: string }): Partial<Activity> {
    const minutes = minutesLeft(Date.parse(link.expiresAt), this.deps.links.now());
    return MessageFactory.text(
      `Ladda ned [${fileName}](${link.url}). Länken fungerar en gång och gäller i ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`,
    );
  }

  /**
   * A storage link to the offered file, for no longer than the offer is kept: it serves the kept
   * file under its offered name. Null when storage is down.
   */
  private async offerLink(offer: Answered): Promise<Partial<Activity> | null> {
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

  /** The offer a consent card's answer is about: the file, or what to tell the person instead. */
  private async answeredOffer(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<Answered | string> {
    const token = String((response.context as { token?: unknown } | undefined)?.token ?? '');
    const check = this.deps.links.verify(token);
    const expired = 'Frågan om filen har gått ut. Skriv ”rapport” igen så skickar jag en ny.';
    // A token copied into someone else's activity is refused.
    if (!check.ok || check.claims.aadObjectId !== context.activity.from?.aadObjectId) return expired;
    const state = await this.deps.offers.get(check.claims.offerId, this.deps.links.now());
    if (state.kind === 'gone') return expired;
    if (state.kind === 'delivered') return `Filen ${state.fileName} är redan levererad.`;
    const format = check.claims.format ?? (state.file.fileName.endsWith('.xlsx') ? 'xlsx' : 'docx');
    return { file: state.file, periodId: check.claims.periodId ?? '', format };
  }

  async accept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const offer = await this.deps.guarded(() => this.answeredOffer(context, response));
    if (offer === null) {
      await this.deps.storageDown(context);
      return;
    }
    if (typeof offer === 'string') {
      await context.sendActivity(offer);
      return;
    }
    const upload = response.uploadInfo;
    try {
      if (!upload?.uploadUrl) throw new Error('Teams gave no upload URL');
      await uploadFile(upload.uploadUrl, offer.file.bytes);
    } catch (error) {
      this.deps.logger.error('file upload failed', { error: String(error) });
      const link = await this.offerLink(offer);
      if (!link) {
        await this.deps.storageDown(context);
        return;
      }
      await context.sendActivity(
        'Filen kunde inte sparas i din OneDrive. Här är en nedladdningslänk i stället:',
      );
      await context.sendActivity(link);
      return;
    }
    await this.deps.guarded(() => this.deps.offers.markDelivered(offer.file.id));
    await context.sendActivity(
      MessageFactory.attachment(
        // The name Teams gave the file in OneDrive (the offered name unless it had to rename it).
        fileInfoCard(
          upload.name ?? offer.file.fileName,
          upload.contentUrl ?? '',
          upload.uniqueId ?? '',
          upload.fileType ?? '',
        ),
      ),
    );
  }

  async decline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const offer = await this.deps.guarded(() => this.answeredOffer(context, response));
    if (offer === null || typeof offer === 'string') {
      await context.sendActivity('Okej, filen sparades inte. Skriv ”rapport” om du vill ha den senare.');
      return;
    }
    const link = await this.offerLink(offer);
    if (!link) {
      await this.deps.storageDown(context);
      return;
    }
    await context.sendActivity(
      'Okej, filen sparades inte i din OneDrive. Vill du ha den ändå finns en länk här:',
    );
    await context.sendActivity(link);
  }
}

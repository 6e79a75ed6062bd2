/**
 * The report files, delivered as offered: in a personal Teams chat through the file consent card
 * (the file lands in the person's OneDrive), elsewhere as a signed, single-use link served by the
 * bot. The file is made once and kept (`FileOfferStore`) until delivered or expired, so the person
 * gets exactly the file the card or link named, under the same name and size.
 */
import { type Activity, type FileConsentCardResponse, MessageFactory, type TurnContext } from 'botbuilder';
import type { Caller, Reply } from '../followup/service.js';
import { isReportFile, type LeadershipService, type ReportFormat } from '../leadership/service.js';
import type { Logger } from '../shared/logger.js';
import {
  consentCard,
  type FileLinks,
  fileInfoCard,
  LINK_TTL_MS,
  minutesLeft,
  newOffer,
  uploadFile,
} from './files.js';
import type { FileOfferStore, OfferedFile } from './ports.js';

export interface FileDeliveryDeps {
  readonly leadership: LeadershipService;
  readonly links: FileLinks;
  readonly offers: FileOfferStore;
  readonly logger: Logger;
  /** Sends a card (a refusal, an unknown period) instead of a file. */
  readonly send: (context: TurnContext, reply: Reply) => Promise<void>;
  /** Tells the person storage is down and nothing was saved. */
  readonly storageDown: (context: TurnContext) => Promise<void>;
  /** Runs a storage call; null when storage is down. */
  readonly guarded: <T>(call: () => Promise<T>) => Promise<T | null>;
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
      const now = this.deps.links.now();
      const offer = newOffer(file, who.aadObjectId, now);
      if ((await this.deps.guarded(() => this.deps.offers.put(offer).then(() => true))) === null) {
        await this.deps.storageDown(context);
        return;
      }
      const description = `${file.period.label} som ${format === 'docx' ? 'Word' : 'Excel'}`;
      await context.sendActivity(
        teamsPersonal
          ? MessageFactory.attachment(
              consentCard(
                offer,
                this.offerToken(offer, Math.min(offer.expiresAt, now + LINK_TTL_MS)),
                description,
              ),
            )
          : this.linkMessage(offer, now + LINK_TTL_MS),
      );
    }
    await this.purgeOffers();
  }

  private offerToken(offer: OfferedFile, expires: number): string {
    return this.deps.links.token({ offerId: offer.id, aadObjectId: offer.aadObjectId }, expires);
  }

  /** A link to the offered file, valid until `expires` (at most as long as the offer). */
  private linkMessage(offer: OfferedFile, expires: number): Partial<Activity> {
    const until = Math.min(expires, offer.expiresAt);
    const minutes = minutesLeft(until, this.deps.links.now());
    return MessageFactory.text(
      `Ladda ned [${offer.fileName}](${this.deps.links.url(this.offerToken(offer, until))}). Länken fungerar en gång och gäller i ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}.`,
    );
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
  private async answeredOffer(response: FileConsentCardResponse): Promise<OfferedFile | string> {
    const token = String((response.context as { token?: unknown } | undefined)?.token ?? '');
    const check = this.deps.links.verify(token);
    const expired = 'Frågan om filen har gått ut. Skriv ”rapport” igen så skickar jag en ny.';
    if (!check.ok) return expired;
    const state = await this.deps.offers.get(check.claims.offerId, this.deps.links.now());
    if (state.kind === 'gone') return expired;
    if (state.kind === 'delivered') return `Filen ${state.fileName} är redan levererad.`;
    return state.file;
  }

  async accept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const offer = await this.deps.guarded(() => this.answeredOffer(response));
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
      await uploadFile(upload.uploadUrl, offer.bytes);
    } catch (error) {
      this.deps.logger.error('file upload failed', { error: String(error) });
      await context.sendActivity(
        'Filen kunde inte sparas i din OneDrive. Här är en nedladdningslänk i stället:',
      );
      await context.sendActivity(this.linkMessage(offer, this.deps.links.now() + LINK_TTL_MS));
      return;
    }
    await this.deps.guarded(() => this.deps.offers.markDelivered(offer.id));
    await context.sendActivity(
      MessageFactory.attachment(
        // The name Teams gave the file in OneDrive (the offered name unless it had to rename it).
        fileInfoCard(
          upload.name ?? offer.fileName,
          upload.contentUrl ?? '',
          upload.uniqueId ?? '',
          upload.fileType ?? '',
        ),
      ),
    );
  }

  async decline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const offer = await this.deps.guarded(() => this.answeredOffer(response));
    if (offer === null || typeof offer === 'string') {
      await context.sendActivity('Okej, filen sparades inte. Skriv ”rapport” om du vill ha den senare.');
      return;
    }
    await context.sendActivity(
      'Okej, filen sparades inte i din OneDrive. Vill du ha den ändå finns en länk här:',
    );
    await context.sendActivity(this.linkMessage(offer, this.deps.links.now() + LINK_TTL_MS));
  }
}

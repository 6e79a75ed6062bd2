/**
 * The report files in a turn: in a personal Teams chat through the file consent card (the file
 * lands in the person's OneDrive); elsewhere, or when the person declines or the upload fails, a
 * single-use link recorded in storage (src/downloads/).
 */
import { type Activity, type FileConsentCardResponse, MessageFactory, type TurnContext } from 'botbuilder';
import type { DownloadLinks } from '../downloads/links.js';
import { LINK_TTL_MS } from '../downloads/links.js';
import type { Caller, Reply } from '../followup/service.js';
import { isReportFile, type LeadershipService, type ReportFormat } from '../leadership/service.js';
import type { Logger } from '../shared/logger.js';
import { consentCard, type FileLinks, fileInfoCard, uploadFile } from './files.js';

export interface ReportDeliveryDeps {
  readonly leadership: LeadershipService;
  readonly fileLinks: FileLinks;
  readonly downloads: DownloadLinks;
  readonly logger: Logger;
  /** Sends a card reply the bot's way. */
  send(context: TurnContext, reply: Reply): Promise<void>;
  /** Runs a storage call; null when storage is down. */
  guarded<T>(call: () => Promise<T>): Promise<T | null>;
  storageDown(): Reply;
  caller(context: TurnContext): Caller;
}

function linkMessage(fileName: string, url: string): Partial<Activity> {
  const minutes = Math.round(LINK_TTL_MS / 60_000);
  return MessageFactory.text(
    `Ladda ned [${fileName}](${url}). Länken fungerar en gång och gäller i ${minutes} minuter.`,
  );
}

export class ReportDelivery {
  constructor(private readonly deps: ReportDeliveryDeps) {}

  async deliver(context: TurnContext, rest: string, formats: readonly ReportFormat[]): Promise<void> {
    const { deps } = this;
    const who = deps.caller(context);
    const teamsPersonal =
      context.activity.channelId === 'msteams' &&
      context.activity.conversation?.conversationType === 'personal';
    for (const format of formats) {
      const file = await deps.guarded(() => deps.leadership.document(who, rest, format));
      if (!file) {
        await deps.send(context, deps.storageDown());
        return;
      }
      if (!isReportFile(file)) {
        await deps.send(context, file);
        return;
      }
      const description = `${file.period.label} som ${format === 'docx' ? 'Word' : 'Excel'}`;
      if (teamsPersonal) {
        const token = deps.fileLinks.token({
          periodId: file.period.id,
          format,
          aadObjectId: who.aadObjectId,
        });
        await context.sendActivity(MessageFactory.attachment(consentCard(file, token, description)));
        continue;
      }
      const link = await deps.guarded(() =>
        deps.downloads.issue({ periodId: file.period.id, format, aadObjectId: who.aadObjectId }),
      );
      if (!link) {
        await deps.send(context, deps.storageDown());
        return;
      }
      await context.sendActivity(linkMessage(file.fileName, link.url));
    }
  }

  async accept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const claims = this.consentClaims(context, response);
    if (!claims) {
      await context.sendActivity('Frågan om filen har gått ut. Skriv "rapport" igen så skickar jag en ny.');
      return;
    }
    const upload = response.uploadInfo;
    try {
      // The file is made again from the token: nothing waits in memory for the person's answer.
      const file = await this.deps.leadership.document(
        this.deps.caller(context),
        claims.periodId,
        claims.format,
      );
      if (!isReportFile(file)) {
        await this.deps.send(context, file);
        return;
      }
      if (!upload?.uploadUrl) throw new Error('Teams gave no upload URL');
      await uploadFile(upload.uploadUrl, file.bytes);
      await context.sendActivity(
        MessageFactory.attachment(
          fileInfoCard(
            upload.name ?? file.fileName,
            upload.contentUrl ?? '',
            upload.uniqueId ?? '',
            upload.fileType ?? '',
          ),
        ),
      );
    } catch (error) {
      this.deps.logger.error('file upload failed', { error: String(error) });
      const fresh = await this.linkInstead(context, response);
      if (fresh) {
        await context.sendActivity(
          'Filen kunde inte sparas i din OneDrive. Här är en nedladdningslänk i stället:',
        );
        await context.sendActivity(linkMessage(fresh.fileName, fresh.url));
      }
    }
  }

  async decline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    const fresh = await this.linkInstead(context, response);
    if (!fresh) {
      await context.sendActivity('Okej, filen sparades inte. Skriv "rapport" om du vill ha den senare.');
      return;
    }
    await context.sendActivity(
      'Okej, filen sparades inte i din OneDrive. Vill du ha den ändå finns en länk här:',
    );
    await context.sendActivity(linkMessage(fresh.fileName, fresh.url));
  }

  /**
   * The claims of a consent card's token, if genuine, unexpired and made for the person answering:
   * a token copied into someone else's activity is refused.
   */
  private consentClaims(context: TurnContext, response: FileConsentCardResponse) {
    const token = String((response.context as { token?: unknown } | undefined)?.token ?? '');
    const check = this.deps.fileLinks.verify(token);
    if (!check.ok || check.claims.aadObjectId !== this.deps.caller(context).aadObjectId) return null;
    return check.claims;
  }

  /** A download link for the file a consent card was about, or null when that card has expired. */
  private async linkInstead(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<{ url: string; fileName: string } | null> {
    const claims = this.consentClaims(context, response);
    if (!claims) return null;
    const { periodId, format, aadObjectId } = claims;
    const link = await this.deps.guarded(() => this.deps.downloads.issue({ periodId, format, aadObjectId }));
    return link ? { url: link.url, fileName: response.uploadInfo?.name ?? `${periodId}.${format}` } : null;
  }
}

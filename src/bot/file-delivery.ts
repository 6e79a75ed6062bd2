/**
 * Report delivery (src/leadership/report-delivery.ts) in a Teams turn: says whether the channel
 * can offer a file (the consent card works in a personal Teams chat only), and turns each output
 * into an activity: a card, a text, a file consent card, the file card after the upload.
 */
import { type FileConsentCardResponse, MessageFactory, type TurnContext } from 'botbuilder';
import type { Caller, Reply } from '../followup/service.js';
import type { ReportFormat } from '../leadership/api.js';
import type { OfferAnswer, Outbox, ReportDelivery } from '../leadership/report-delivery.js';
import { consentCard, fileInfoCard } from './files.js';

export interface FileDeliveryDeps {
  readonly delivery: ReportDelivery;
  /** Sends a card (a refusal, an unknown period) instead of a file. */
  readonly send: (context: TurnContext, reply: Reply) => Promise<void>;
  /** Tells the person storage is down and nothing was saved. */
  readonly storageDown: (context: TurnContext) => Promise<void>;
}

export class FileDelivery {
  constructor(private readonly deps: FileDeliveryDeps) {}

  /** Offers the report files `rest` names (a period), one per format. */
  deliver(context: TurnContext, who: Caller, rest: string, formats: readonly ReportFormat[]): Promise<void> {
    const canOffer =
      context.activity.channelId === 'msteams' &&
      context.activity.conversation?.conversationType === 'personal';
    return this.deps.delivery.deliver(who, rest, formats, canOffer, this.outbox(context));
  }

  accept(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    return this.deps.delivery.accept(answer(context, response), response.uploadInfo, this.outbox(context));
  }

  decline(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
    return this.deps.delivery.decline(answer(context, response), this.outbox(context));
  }

  private outbox(context: TurnContext): Outbox {
    return async (output) => {
      switch (output.kind) {
        case 'reply':
          return this.deps.send(context, output.reply);
        case 'storage-down':
          return this.deps.storageDown(context);
        case 'text':
          await context.sendActivity(MessageFactory.text(output.text));
          return;
        case 'offer':
          await context.sendActivity(
            MessageFactory.attachment(consentCard(output.file, output.token, output.description)),
          );
          return;
        case 'delivered':
          await context.sendActivity(
            MessageFactory.attachment(
              fileInfoCard(output.name, output.contentUrl, output.uniqueId, output.fileType),
            ),
          );
          return;
      }
    };
  }
}

/** The consent card's answer as plain data: who answered, and the token the card carried. */
function answer(context: TurnContext, response: FileConsentCardResponse): OfferAnswer {
  return {
    from: context.activity.from?.aadObjectId,
    token: String((response.context as { token?: unknown } | undefined)?.token ?? ''),
  };
}

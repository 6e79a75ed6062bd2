/**
 * Proactive 1:1 messages through botbuilder: the `ProactiveSender` the reminders use.
 * `continueConversationAsync` gets a token for `appId` (when authentication is on) and posts to
 * the serviceUrl in the stored reference. Failures become `DeliveryError`s with the channel's
 * status and Retry-After, which is all the retry logic needs to know.
 */
import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render.js';
import { classifyError, DeliveryError, type ProactiveSender } from '../reminders/sender.js';

/**
 * `appId`: the bot's MicrosoftAppId (empty when authentication is off, as in tests and local
 * development).
 */
export function createProactiveSender(adapter: CloudAdapter, appId: string): ProactiveSender {
  return {
    async send(reference: Readonly<Record<string, unknown>>, card: AdaptiveCard): Promise<void> {
      // The adapter's onTurnError would swallow an error thrown inside the turn (and the send
      // would look delivered), so the turn catches it and we rethrow it here.
      let failure: { error: unknown } | null = null;
      try {
        await adapter.continueConversationAsync(
          appId,
          reference as Partial<ConversationReference>,
          async (context) => {
            try {
              await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
            } catch (error) {
              failure = { error };
            }
          },
        );
      } catch (error) {
        failure = { error };
      }
      if (failure !== null) {
        const { error } = failure as { error: unknown };
        const { status, retryAfterMs } = classifyError(error);
        throw new DeliveryError(
          `proactive send failed${status === null ? '' : ` (${status})`}: ${error instanceof Error ? error.message : String(error)}`,
          status,
          retryAfterMs,
          { cause: error },
        );
      }
    },
  };
}

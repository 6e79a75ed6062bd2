/**
 * Proactive 1:1 messages through botbuilder: the `ProactiveSender` the reminders use.
 * `continueConversationAsync` gets a token for `appId` (when authentication is on) and posts to
 * the serviceUrl in the stored reference. Failures become `DeliveryError`s with the channel's
 * status and Retry-After, which is all the retry logic needs to know.
 *
 * We own the retries: botbuilder's connector client (an @azure/core-client pipeline) retries 429
 * with Retry-After and 5xx up to three times inside one `sendActivity`, where our throttle cannot
 * see them (bench B3 saw 230 requests/s against a 200/s limit). Each proactive turn gets its own
 * connector client, so we take the `defaultRetryPolicy` out of that client's pipeline before
 * sending: one HTTP request per attempt of src/reminders/sender.ts. Replies inside a user's own
 * turn keep botbuilder's retries. test/reminders/e2e.test.ts counts the requests per attempt, so a
 * botbuilder upgrade that moves the pipeline shows up there.
 *
 * The throttle's wait (`beforeRequest`) is added last to the same pipeline: under load the time
 * between deciding to send and the request leaving (token, connector client, turn context) varies,
 * and requests decided at an even pace could otherwise bunch up on the wire above the limit.
 */
import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render.js';
import { classifyError, DeliveryError, type ProactiveSender, type SendOptions } from '../reminders/sender.js';

/**
 * `appId`: the bot's MicrosoftAppId (empty when authentication is off, as in tests and local
 * development).
 */
export function createProactiveSender(adapter: CloudAdapter, appId: string): ProactiveSender {
  return {
    async send(
      reference: Readonly<Record<string, unknown>>,
      card: AdaptiveCard,
      options?: SendOptions,
    ): Promise<void> {
      // The adapter's onTurnError would swallow an error thrown inside the turn (and the send
      // would look delivered), so the turn catches it and we rethrow it here.
      let failure: { error: unknown } | null = null;
      try {
        await adapter.continueConversationAsync(
          appId,
          reference as Partial<ConversationReference>,
          async (context) => {
            try {
              const connector = context.turnState.get(adapter.ConnectorClientKey);
              withoutInnerRetries(connector);
              // The throttle goes into the pipeline, next to the wire; if it cannot, it runs here.
              if (!throttleInPipeline(connector, options?.beforeRequest)) await options?.beforeRequest?.();
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

interface PipelinePolicy {
  name: string;
  sendRequest(request: unknown, next: (request: unknown) => Promise<unknown>): Promise<unknown>;
}

interface PipelineHolder {
  client?: {
    pipeline?: {
      removePolicy?: (options: { name: string }) => unknown;
      addPolicy?: (policy: PipelinePolicy, options?: { afterPhase?: string }) => void;
    };
  };
}

/**
 * Removes core-rest-pipeline's retry policy from a botbuilder `ConnectorClient`. Its `client` is
 * private in the typings (botbuilder-stdlib's ServiceClientContext), hence the structural access;
 * when the shape is not there, the send goes ahead with botbuilder's retries.
 */
export function withoutInnerRetries(connector: unknown): boolean {
  const pipeline = (connector as PipelineHolder | undefined)?.client?.pipeline;
  if (typeof pipeline?.removePolicy !== 'function') return false;
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  return true;
}

/**
 * Puts `beforeRequest` last in the connector client's pipeline, so every HTTP request waits for the
 * throttle just before it goes out. False when the pipeline is not there (then the caller waits).
 */
export function throttleInPipeline(
  connector: unknown,
  beforeRequest: (() => Promise<void>) | undefined,
): boolean {
  if (!beforeRequest) return true;
  const pipeline = (connector as PipelineHolder | undefined)?.client?.pipeline;
  if (typeof pipeline?.addPolicy !== 'function') return false;
  pipeline.addPolicy(
    {
      name: 'uppfoljningsbotenThrottle',
      async sendRequest(request, next) {
        await beforeRequest();
        return next(request);
      },
    },
    { afterPhase: 'Sign' },
  );
  return true;
}

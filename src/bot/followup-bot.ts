/**
 * The Teams bot: turns Teams activities into calls of the follow-up service and its replies into
 * Adaptive Cards. Both card paths end in the same handler: `Action.Execute` arrives as an
 * `adaptiveCard/action` invoke (Teams), `Action.Submit` as a message carrying `value` (Web Chat,
 * older clients).
 */
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ConversationReference,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { CardRenderer } from '../cards/render.js';
import type { CommitteeConfig } from '../config/load-config.js';
import type { Caller, FollowupService, Reply } from '../followup/service.js';
import { pauseConfirmationCard, pauseErrorCard, resumeConfirmationCard } from '../reminders/messages.js';
import { parsePauseCommand } from '../reminders/pause-command.js';
import type { ConversationStore } from '../reminders/ports.js';
import type { PauseStore } from '../reminders/ports-pause.js';
import { localDateTime } from '../reminders/schedule.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { StorageUnavailableError } from '../shared/storage-errors.js';
import { matchCommand } from './commands.js';

export interface FollowupBotDeps {
  readonly followup: FollowupService;
  readonly config: CommitteeConfig;
  readonly conversations: ConversationStore;
  readonly pauses: PauseStore;
  readonly renderer: CardRenderer;
  readonly clock: Clock;
  readonly logger: Logger;
}

const STORAGE_DOWN =
  'Jag når inte lagringen just nu, så inget nytt sparades. Det du tidigare fått bekräftat finns kvar. Försök igen om en stund.';

export class FollowupBot extends TeamsActivityHandler {
  /** What we last stored per person, so an unchanged reference is not written on every message. */
  private readonly knownReferences = new Map<string, string>();

  constructor(private readonly deps: FollowupBotDeps) {
    super();

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberConversation(context, true);
      await this.send(context, this.deps.followup.welcome(caller(context)));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some(
        (m) => m.id === context.activity.recipient.id,
      );
      // Teams sends both installationUpdate and conversationUpdate on install: greet once.
      if (botAdded && context.activity.conversation.conversationType === 'personal') {
        const isNew = await this.rememberConversation(context, true);
        if (isNew) await this.send(context, this.deps.followup.welcome(caller(context)));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.rememberConversation(context, false);
      const value = context.activity.value as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        await this.handleSubmit(context, value as Record<string, unknown>);
      } else {
        await this.handleText(context, context.activity.text ?? '');
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    await this.rememberConversation(context, false);
    const action = invokeValue.action;
    const data = { ...((action.data as Record<string, unknown> | undefined) ?? {}), verb: action.verb };
    const reply = await this.answer(() =>
      this.deps.followup.act(caller(context), data, activityKey(context)),
    );
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: this.deps.renderer.render(reply.card, reply.model as never, { actions: actionMode(context) }),
    };
  }

  private async handleSubmit(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const reply = await this.answer(() =>
      this.deps.followup.act(caller(context), value, activityKey(context)),
    );
    const card = this.deps.renderer.render(reply.card, reply.model as never, {
      actions: actionMode(context),
    });
    const replyToId = context.activity.replyToId;
    // Replace the card that was pressed, so no stale buttons remain; a new message where the
    // channel cannot update.
    if (replyToId) {
      try {
        await context.updateActivity({
          ...MessageFactory.attachment(CardFactory.adaptiveCard(card)),
          id: replyToId,
        });
        return;
      } catch (error) {
        this.deps.logger.warn('card update failed, sending a new card', { error: String(error) });
      }
    }
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  private async handleText(context: TurnContext, text: string): Promise<void> {
    const who = caller(context);
    if (await this.handlePause(context, text)) return;
    switch (matchCommand(text)) {
      case 'report':
      case 'status':
        await this.send(context, await this.answer(() => this.deps.followup.start(who)));
        return;
      case 'greeting':
        await this.send(context, this.deps.followup.welcome(who));
        return;
      case 'help':
        await this.send(context, this.deps.followup.help());
        return;
      case 'unknown':
        await this.send(context, this.deps.followup.help(`Jag förstod inte "${text.trim().slice(0, 60)}".`));
        return;
    }
  }

  /** "pausa påminnelser till 15 augusti" / "återuppta påminnelser". True when the text was one. */
  private async handlePause(context: TurnContext, text: string): Promise<boolean> {
    const { config, clock, pauses } = this.deps;
    const today = localDateTime(clock.now(), config.calendar.timeZone).date;
    const command = parsePauseCommand(text, today);
    if (!command) return false;
    const aadObjectId = context.activity.from?.aadObjectId ?? '';
    const reply = await this.answer(async (): Promise<Reply> => {
      if (command.kind === 'invalid') return { card: 'message', model: pauseErrorCard(command.message) };
      if (command.kind === 'resume') {
        const was = await pauses.get(aadObjectId);
        if (was) await pauses.remove(aadObjectId);
        return { card: 'message', model: resumeConfirmationCard(was !== null) };
      }
      await pauses.put({
        aadObjectId,
        until: command.until,
        reason: 'paused',
        setBy: aadObjectId,
        setAt: clock.now().toISOString(),
      });
      return { card: 'message', model: pauseConfirmationCard(config, aadObjectId, command.until) };
    });
    await this.send(context, reply);
    return true;
  }

  /** Runs a service call; a storage outage becomes a message instead of a failed turn. */
  private async answer(call: () => Promise<Reply>): Promise<Reply> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      this.deps.logger.error('storage unavailable', { error: error.message });
      return {
        card: 'message',
        model: {
          title: 'Försök igen om en stund',
          text: STORAGE_DOWN,
          tone: 'warning',
          facts: [],
          actions: [],
        },
      };
    }
  }

  private async send(context: TurnContext, reply: Reply): Promise<void> {
    const card = this.deps.renderer.render(reply.card, reply.model as never, {
      actions: actionMode(context),
    });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  /**
   * Stores how to reach the person proactively (reminders), keyed by their Entra object id, and
   * keeps the serviceUrl fresh: Teams may move a tenant to another one. Returns true when the
   * reference was not known before.
   */
  private async rememberConversation(context: TurnContext, install: boolean): Promise<boolean> {
    const activity = context.activity;
    const aadObjectId = activity.from?.aadObjectId;
    if (!aadObjectId || activity.conversation?.conversationType !== 'personal') return false;
    const reference = TurnContext.getConversationReference(activity) as ConversationReference;
    const fingerprint = `${reference.serviceUrl}|${reference.conversation?.id}`;
    if (!install && this.knownReferences.get(aadObjectId) === fingerprint) return false;
    try {
      const existing = await this.deps.conversations.get(aadObjectId);
      const same =
        existing &&
        existing.reference.serviceUrl === reference.serviceUrl &&
        (existing.reference.conversation as { id?: string } | undefined)?.id === reference.conversation?.id;
      if (!same) {
        await this.deps.conversations.put({
          aadObjectId,
          reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
          updatedAt: this.deps.clock.now().toISOString(),
        });
      }
      this.knownReferences.set(aadObjectId, fingerprint);
      return !existing;
    } catch (error) {
      // Not being able to store the reference must not stop the person from working.
      this.deps.logger.error('could not store conversation reference', { error: String(error) });
      return false;
    }
  }
}

function caller(context: TurnContext): Caller {
  const from = context.activity.from;
  return { aadObjectId: from?.aadObjectId ?? '', teamsName: from?.name ?? '' };
}

/**
 * The key that makes a retried activity idempotent: Teams retries with the same activity id in
 * the same conversation.
 */
function activityKey(context: TurnContext): string | null {
  const a: Partial<Activity> = context.activity;
  return a.id ? `${a.conversation?.id ?? ''}/${a.id}` : null;
}

/** Teams runs `Action.Execute`; other clients (Web Chat, the emulator) get `Action.Submit`. */
function actionMode(context: TurnContext): 'execute' | 'submit' {
  return context.activity.channelId === 'msteams' ? 'execute' : 'submit';
}

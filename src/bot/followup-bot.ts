/**
 * The Teams bot: only translates. Teams activities become calls of the follow-up, leadership,
 * controller, reminder-settings and report-delivery features (through their interfaces), and
 * their replies become Adaptive Cards and activities. Both card paths end in the same handler:
 * `Action.Execute` arrives as an `adaptiveCard/action` invoke (Teams), `Action.Submit` as a
 * message carrying `value` (Web Chat, older clients).
 */
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type ConversationReference,
  type FileConsentCardResponse,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../calendar/working-days.js';
import type { CardRenderer } from '../cards/render.js';
import { controllerVerbs, leadershipVerbs, Verb } from '../cards/verbs.js';
import type { CommitteeConfig } from '../config/load-config.js';
import { isKnownId } from '../config/people.js';
import type { ControllerApi } from '../controller/api.js';
import type { DownloadLinks } from '../downloads/links.js';
import type { FollowupApi } from '../followup/api.js';
import type { WelcomeClaims } from '../followup/ports.js';
import type { Caller, Reply } from '../followup/service.js';
import { needsPersonalChat, personalChatOnly } from '../leadership/access.js';
import type { LeadershipApi } from '../leadership/api.js';
import type { FileOfferStore } from '../leadership/ports.js';
import { documentFromCard, ReportDelivery } from '../leadership/report-delivery.js';
import type { FileLinks } from '../leadership/report-offers.js';
import type { ConversationStore } from '../reminders/ports.js';
import type { PauseStore } from '../reminders/ports-pause.js';
import {
  createReminderSettings,
  type ReminderCommand,
  type ReminderSettings,
} from '../reminders/reminder-settings.js';
import type { SnoozeStore } from '../reminders/snooze.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { StorageUnavailableError } from '../shared/storage-errors.js';
import { cleanUserText } from '../shared/user-text.js';
import { matchCommand, matchControllerCommand } from './commands.js';
import { FileDelivery } from './file-delivery.js';
import { uploadFile } from './files.js';
import type { IdentityResolver } from './identity-resolver.js';

export interface FollowupBotDeps {
  readonly followup: FollowupApi;
  readonly leadership: LeadershipApi;
  readonly controller: ControllerApi;
  /** Signed tokens of the file consent card. */
  readonly fileLinks: FileLinks;
  /** Report files kept as offered until delivered. */
  readonly offers: FileOfferStore;
  /** Single-use download links where the consent card cannot be used. */
  readonly downloads: DownloadLinks;
  readonly config: CommitteeConfig;
  readonly conversations: ConversationStore;
  readonly pauses: PauseStore;
  readonly snoozes: SnoozeStore;
  readonly welcomes: WelcomeClaims;
  readonly renderer: CardRenderer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workingDays?: WorkingDayCalendar;
  /** Learns object ids of people the organisation gives by UPN or e-mail alone. */
  readonly identities?: IdentityResolver;
}

const STORAGE_DOWN =
  'Jag når inte lagringen just nu, så inget nytt sparades. Det du tidigare fått bekräftat finns kvar. Försök igen om en stund.';

export class FollowupBot extends TeamsActivityHandler {
  /** What we last stored per person, so an unchanged reference is not written on every message. */
  private readonly knownReferences = new Map<string, string>();
  /**
   * People not in the organisation leave nothing in storage but a refusal in the audit: their
   * welcome is remembered here only (a restart may greet them once more), bounded.
   */
  private readonly strangerWelcomes = new Set<string>();
  private readonly reminderSettings: ReminderSettings;
  private readonly files: FileDelivery;

  constructor(private readonly deps: FollowupBotDeps) {
    super();
    this.reminderSettings = createReminderSettings({
      config: deps.config,
      clock: deps.clock,
      pauses: deps.pauses,
      snoozes: deps.snoozes,
      workingDays: deps.workingDays ?? createWorkingDayCalendar(),
    });
    this.files = new FileDelivery({
      delivery: new ReportDelivery({
        leadership: deps.leadership,
        links: deps.fileLinks,
        downloads: deps.downloads,
        offers: deps.offers,
        logger: deps.logger,
        guarded: (call) => this.guarded(call),
        upload: uploadFile,
      }),
      send: (context, reply) => this.send(context, reply),
      storageDown: (context) => this.send(context, storageDown()),
    });

    // Teams sends installationUpdate and conversationUpdate on install, milliseconds apart and in
    // either order: whichever claims the welcome first greets, the other stays silent.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });

    this.onInstallationUpdateRemove(async (context, next) => {
      // A later installation is a new one and is welcomed again.
      await this.guarded(() => this.deps.welcomes.release(context.activity.conversation.id));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some(
        (m) => m.id === context.activity.recipient.id,
      );
      if (botAdded) await this.welcomeOnce(context);
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

  /** The app is personal: greet in the personal chat only, once per installation. */
  private async welcomeOnce(context: TurnContext): Promise<void> {
    if (context.activity.conversation.conversationType !== 'personal') return;
    await this.rememberConversation(context, true);
    const who = caller(context);
    const conversationId = context.activity.conversation.id;
    const claimed = this.registered(context)
      ? await this.guarded(() =>
          this.deps.welcomes.claim(conversationId, who.aadObjectId, this.deps.clock.now().toISOString()),
        )
      : this.claimStrangerWelcome(conversationId);
    if (claimed) await this.send(context, this.deps.followup.welcome(who));
  }

  /** Whether the sender is in the organisation (manager, deputy, leadership or controller). */
  private registered(context: TurnContext): boolean {
    const id = context.activity.from?.aadObjectId ?? '';
    return id !== '' && isKnownId(this.deps.config.organisation, id);
  }

  private claimStrangerWelcome(conversationId: string): boolean {
    if (this.strangerWelcomes.has(conversationId)) return false;
    // Oldest first out: a Set iterates in insertion order.
    if (this.strangerWelcomes.size >= 1_000) {
      const oldest = this.strangerWelcomes.values().next().value;
      if (oldest !== undefined) this.strangerWelcomes.delete(oldest);
    }
    this.strangerWelcomes.add(conversationId);
    return true;
  }

  /** Every turn: first make sure a person given by address alone is known by their object id. */
  override async run(context: TurnContext): Promise<void> {
    await this.deps.identities?.resolve(context);
    await super.run(context);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    await this.rememberConversation(context, false);
    const action = invokeValue.action;
    const data = { ...((action.data as Record<string, unknown> | undefined) ?? {}), verb: action.verb };
    let replies: Reply[];
    try {
      replies = await this.replies(context, data);
    } catch (error) {
      // A bug must not leave the person with a card that just spins: log it, say so on the card.
      this.deps.logger.error('card action failed', {
        error: error instanceof Error ? error.stack : String(error),
        activityId: context.activity.id,
        conversationId: context.activity.conversation?.id,
      });
      replies = [somethingWentWrong()];
    }
    const [first, ...more] = replies;
    // The first card replaces the pressed one; anything more arrives as new messages.
    for (const reply of more) await this.send(context, reply);
    const reply = first ?? this.deps.followup.help();
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: this.render(context, reply),
    };
  }

  /** Every card action, whichever path it came by: leadership's verbs or the follow-up's. */
  private async replies(context: TurnContext, data: Record<string, unknown>): Promise<Reply[]> {
    const verb = typeof data.verb === 'string' ? data.verb : '';
    const who = caller(context);
    if (needsPersonalChat(verb) && !isPersonalChat(context)) return [personalChatOnly()];
    if (verb === Verb.leadershipDocument) {
      const { rest, formats } = documentFromCard(data);
      await this.files.deliver(context, who, rest, formats);
      return [];
    }
    if (controllerVerbs.has(verb)) {
      return [await this.answer(() => this.deps.controller.act(who, data, activityKey(context)))];
    }
    if (verb === Verb.remindersSnooze) return [await this.reminders(context, { kind: 'snooze' })];
    if (leadershipVerbs.has(verb)) {
      return (
        (await this.guarded(() => this.deps.leadership.act(who, data, activityKey(context)))) ?? [
          storageDown(),
        ]
      );
    }
    return [await this.answer(() => this.deps.followup.act(who, data, activityKey(context)))];
  }

  private async handleSubmit(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const [reply, ...more] = await this.replies(context, value);
    if (reply) await this.replaceCard(context, reply);
    for (const extra of more) await this.send(context, extra);
  }

  /**
   * Replaces the card that was pressed, so no stale buttons remain; a new message where the
   * channel cannot update.
   */
  private async replaceCard(context: TurnContext, reply: Reply): Promise<void> {
    const message = MessageFactory.attachment(CardFactory.adaptiveCard(this.render(context, reply)));
    const replyToId = context.activity.replyToId;
    if (replyToId) {
      try {
        await context.updateActivity({ ...message, id: replyToId });
        return;
      } catch (error) {
        this.deps.logger.warn('card update failed, sending a new card', { error: String(error) });
      }
    }
    await context.sendActivity(message);
  }

  private async handleText(context: TurnContext, text: string): Promise<void> {
    const who = caller(context);
    const reminderCommand = this.reminderSettings.command(text);
    if (reminderCommand) {
      await this.send(context, await this.reminders(context, reminderCommand));
      return;
    }
    const identity = this.deps.followup.identify(who);
    const command = matchCommand(text);
    // The controller's own cards; "rapportera" from a controller without units means theirs.
    const controllerCommand =
      matchControllerCommand(text) ??
      (command === 'report' && identity.units.length === 0 && this.deps.controller.isController(who)
        ? ({ kind: 'committee' } as const)
        : null);
    if (controllerCommand) {
      const { controller } = this.deps;
      await this.send(
        context,
        await this.answer(() =>
          controllerCommand.kind === 'bokslut'
            ? controller.bokslut(who, controllerCommand.year)
            : controller.committee(who),
        ),
      );
      return;
    }
    if (command === 'help' && identity.leader) {
      await this.send(context, this.deps.leadership.help());
      return;
    }
    // Leaders' questions come first for leaders ("vem har inte rapporterat" is not "rapportera");
    // for others only what the follow-up does not understand is tried as one (and refused kindly).
    if ((identity.leader || command === 'unknown') && this.deps.leadership.isLeadershipQuestion(text)) {
      await this.askLeadership(context, text);
      return;
    }
    // Leadership without units of their own: "status" and "rapportera" mean their view.
    if (identity.leader && identity.units.length === 0 && (command === 'status' || command === 'report')) {
      await this.askLeadership(context, 'prognos');
      return;
    }
    switch (command) {
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
      case 'thanks':
        await context.sendActivity('Varsågod!');
        return;
      case 'unknown': {
        const notice = `Jag förstod inte ”${text.trim().slice(0, 60)}”.`;
        // Leadership without units of their own get their own help, not the managers'.
        await this.send(
          context,
          identity.leader && identity.units.length === 0
            ? this.deps.leadership.help(notice)
            : this.deps.followup.help(notice),
        );
        return;
      }
    }
  }

  private async askLeadership(context: TurnContext, text: string): Promise<void> {
    if (!isPersonalChat(context)) {
      await this.send(context, personalChatOnly());
      return;
    }
    const who = caller(context);
    const result = await this.guarded(() => this.deps.leadership.ask(who, text));
    if (!result) {
      await this.send(context, storageDown());
      return;
    }
    for (const reply of result.replies) await this.send(context, reply);
    // A manager who asked leadership's question gets their own unit's status after the refusal.
    if (result.alsoShowOwnStatus)
      await this.send(context, await this.answer(() => this.deps.followup.start(who)));
    if (result.document)
      await this.files.deliver(context, who, result.document.rest, result.document.formats);
  }

  protected override async handleTeamsFileConsentAccept(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    await this.files.accept(context, response);
  }

  protected override async handleTeamsFileConsentDecline(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    await this.files.decline(context, response);
  }

  /** "Påminn mig i morgon", "pausa påminnelser till …", "återuppta påminnelser". */
  private reminders(context: TurnContext, command: ReminderCommand): Promise<Reply> {
    const aadObjectId = context.activity.from?.aadObjectId ?? '';
    return this.answer(async (): Promise<Reply> => {
      const card = await this.reminderSettings.run(aadObjectId, command);
      return card ? { card: 'message', model: card } : this.deps.followup.notRegistered();
    });
  }

  /** Runs a service call; a storage outage becomes a message instead of a failed turn. */
  private async answer(call: () => Promise<Reply>): Promise<Reply> {
    return (await this.guarded(call)) ?? storageDown();
  }

  /** Null when storage is down (the caller explains); other errors are bugs and go to onTurnError. */
  private async guarded<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      this.deps.logger.error('storage unavailable', { error: error.message });
      return null;
    }
  }

  private render(context: TurnContext, reply: Reply) {
    return this.deps.renderer.render(reply.card, reply.model as never, { actions: actionMode(context) });
  }

  private async send(context: TurnContext, reply: Reply): Promise<void> {
    await context.sendActivity(
      MessageFactory.attachment(CardFactory.adaptiveCard(this.render(context, reply))),
    );
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
    // Reminders go to people in the organisation only: nobody else's reference is kept.
    if (!this.registered(context)) return false;
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

function somethingWentWrong(): Reply {
  return {
    card: 'message',
    model: {
      title: 'Något gick fel',
      text: 'Något gick fel, försök igen om en stund. Det du tidigare fått bekräftat är sparat.',
      tone: 'warning',
      facts: [],
      actions: [],
    },
  };
}

function isPersonalChat(context: TurnContext): boolean {
  return context.activity.conversation?.conversationType === 'personal';
}

function storageDown(): Reply {
  return {
    card: 'message',
    model: { title: 'Försök igen om en stund', text: STORAGE_DOWN, tone: 'warning', facts: [], actions: [] },
  };
}

function caller(context: TurnContext): Caller {
  const from = context.activity.from;
  // The display name is shown to others (who saved, who has not answered): the same rule as typed text.
  return { aadObjectId: from?.aadObjectId ?? '', teamsName: cleanUserText(from?.name ?? '').slice(0, 200) };
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

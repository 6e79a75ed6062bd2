/**
 * A person talking to the running bot through the fake Teams connector: types messages, presses
 * card buttons after filling inputs, and sees the card that results, as Teams would show it.
 * `mode: 'execute'` is Teams (Action.Execute as `adaptiveCard/action` invokes, the new card in
 * the invoke response); `mode: 'submit'` is a client without Action.Execute (Web Chat), whose
 * Action.Submit arrives as a message with `value` and whose card the bot replaces by updating it.
 */
import {
  cardOf,
  type FakeTeams,
  fillCard,
  findAction,
  installActivity,
  invokeActivity,
  messageActivity,
  postActivity,
  submitActivity,
  type TeamsUser,
  teamsUser,
  uninstallActivity,
} from './fake-teams.js';

export type Card = Record<string, unknown>;

export interface SessionOptions {
  readonly botUrl: string;
  readonly fake: FakeTeams;
  readonly aadObjectId: string;
  readonly name: string;
  readonly tenantId: string;
  readonly mode: 'execute' | 'submit';
}

export class BotSession {
  readonly user: TeamsUser;
  /** The id of the message that holds the card the person is looking at. */
  private cardActivityId: string | null = null;
  card: Card | null = null;

  constructor(private readonly options: SessionOptions) {
    this.user = teamsUser(options.aadObjectId, options.name);
  }

  private get opts() {
    return {
      serviceUrl: this.options.fake.url,
      tenantId: this.options.tenantId,
      ...(this.options.mode === 'submit' ? {} : {}),
    };
  }

  private channel<T extends Record<string, unknown>>(activity: T): T {
    return this.options.mode === 'submit' ? { ...activity, channelId: 'webchat' } : activity;
  }

  get conversationId(): string {
    return `a:personal-${this.user.aadObjectId}`;
  }

  /** Posts an activity and returns the HTTP status (e.g. 403 for a foreign tenant). */
  async post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    return postActivity(this.options.botUrl, activity as never);
  }

  private async latestCardAfter(count: number): Promise<Card> {
    const sent = await this.options.fake.waitFor(
      (a) => a.conversationId === this.conversationId && cardOf(a) !== undefined && this.sentCount() > count,
    );
    const all = this.options.fake.activities(this.conversationId).filter((a) => cardOf(a) !== undefined);
    const last = all.at(-1) ?? sent;
    this.cardActivityId = last.id;
    this.card = cardOf(last) ?? null;
    if (!this.card) throw new Error('no card');
    return this.card;
  }

  private sentCount(): number {
    return this.options.fake.activities(this.conversationId).length;
  }

  /**
   * Installs the app and returns the welcome. Tests meet the same people again on shared storage,
   * so this is a reinstall: Teams removes the app first, which lets the bot welcome once more.
   */
  async install(): Promise<Card> {
    await this.post(this.channel(uninstallActivity(this.user, this.opts)));
    const before = this.sentCount();
    const res = await this.post(this.channel(installActivity(this.user, this.opts)));
    if (res.status >= 300) throw new Error(`install failed: ${res.status}`);
    return this.latestCardAfter(before);
  }

  async say(text: string): Promise<Card> {
    const before = this.sentCount();
    const res = await this.post(this.channel(messageActivity(this.user, text, this.opts)));
    if (res.status >= 300) throw new Error(`message failed: ${res.status}`);
    return this.latestCardAfter(before);
  }

  /**
   * Fills the current card's inputs and presses a button (by title or verb). Returns the card the
   * person sees next. `activityId` lets a test replay the same activity.
   */
  async press(titleOrVerb: string, values: Record<string, string> = {}, activityId?: string): Promise<Card> {
    if (!this.card || !this.cardActivityId) throw new Error('no card to press on');
    const action = findAction(this.card, titleOrVerb);
    const data = fillCard(this.card, values, action);
    return this.sendAction(String(action.verb ?? data.verb), data, activityId);
  }

  /** Sends action data as the client would, for data a test crafts itself (e.g. another unit's id). */
  async sendAction(verb: string, data: Record<string, unknown>, activityId?: string): Promise<Card> {
    const replyToId = this.cardActivityId ?? 'no-card';
    const idOpts = activityId ? { id: activityId } : {};
    if (this.options.mode === 'execute') {
      const { verb: _ignored, ...rest } = data;
      const res = await this.post(
        invokeActivity(this.user, verb, rest, { ...this.opts, replyToId, ...idOpts }),
      );
      const body = res.body as { statusCode?: number; value?: Card } | undefined;
      if (res.status !== 200 || body?.statusCode !== 200 || !body.value) {
        throw new Error(`invoke failed: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      this.card = body.value;
      return this.card;
    }
    const updatesBefore = this.options.fake.updates(this.conversationId).length;
    const sentBefore = this.sentCount();
    const res = await this.post(
      this.channel(submitActivity(this.user, { ...data, verb }, { ...this.opts, replyToId, ...idOpts })),
    );
    if (res.status >= 300) throw new Error(`submit failed: ${res.status}`);
    const updates = this.options.fake.updates(this.conversationId);
    if (updates.length > updatesBefore) {
      const update = updates.at(-1);
      this.card = cardOf(update?.activity) ?? null;
      if (!this.card) throw new Error('update without a card');
      return this.card;
    }
    return this.latestCardAfter(sentBefore);
  }
}

/** Every TextBlock text and FactSet fact of a card, joined: what a person reads. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) {
      for (const f of o.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    }
    if (o.type === 'RichTextBlock' && Array.isArray(o.inlines)) {
      for (const i of o.inlines as { text?: string }[]) if (i.text) out.push(i.text);
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v);
  };
  walk(card);
  return out.join('\n');
}

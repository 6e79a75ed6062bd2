/**
 * Activities as the /dev bridge handles them (plain JSON objects), who the bridge speaks as, and
 * which card a Web Chat button press came from. Pure functions; no HTTP here.
 */

export type Activity = Record<string, unknown>;

/** The bot as the page sees it. */
export const BRIDGE_BOT = { id: '28:uppfoljningsboten-dev', name: 'Uppföljningsboten' } as const;
/** The bridge itself, when it tells the page something went wrong. */
export const BRIDGE_NOTICE_FROM = { id: 'dev-brygga', name: 'Testbryggan', role: 'bot' } as const;

export function isObject(value: unknown): value is Activity {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(value: unknown): Activity {
  return isObject(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The `data` of every Action.Submit/Execute in a card (including ShowCards), when an object. */
function submitData(card: unknown): Activity[] {
  const found: Activity[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!isObject(node)) return;
    if ((node.type === 'Action.Submit' || node.type === 'Action.Execute') && isObject(node.data))
      found.push(node.data);
    for (const [key, value] of Object.entries(node)) if (key !== 'data') visit(value);
  };
  visit(card);
  return found;
}

function matches(data: Activity, value: Activity): boolean {
  const keys = Object.keys(data);
  return keys.length > 0 && keys.every((k) => JSON.stringify(data[k]) === JSON.stringify(value[k]));
}

/**
 * The card whose button was pressed. Web Chat sends an Action.Submit as a message whose `value`
 * is the action's data plus the card's inputs, without saying which card: the newest card (of
 * `activities`, oldest first) with an action whose data is all in `value` is taken, so the bot
 * can replace it (as Teams does).
 */
export function pressedCard(activities: readonly Activity[], value: Activity): string | undefined {
  for (const activity of [...activities].reverse()) {
    if (asObject(activity.from).role !== 'bot' || activity.from === BRIDGE_NOTICE_FROM) continue;
    for (const attachment of asArray(activity.attachments)) {
      const content = asObject(attachment).content;
      if (submitData(content).some((data) => matches(data, value))) return String(activity.id);
    }
  }
  return undefined;
}

/**
 * Who may ask leadership's questions, and the refusals. Every call identifies the person again
 * from organisation.yaml (card data is never trusted); every refusal is audited. What a leader
 * sees and may do once let in is scope.ts.
 */
import { leadershipVerbs } from '../cards/verbs.js';
import { type Identity, identify, type Leader } from '../followup/access.js';
import type { Actor } from '../followup/ports.js';
import type { Caller, Reply } from '../followup/service.js';
import type { LeadershipContext } from './context.js';
import { message } from './replies.js';
import { type LeaderScope, scopeOf } from './scope.js';

export type Access =
  | {
      readonly kind: 'leader';
      readonly identity: Identity;
      readonly leader: Leader;
      readonly scope: LeaderScope;
      readonly actor: Actor;
    }
  | { readonly kind: 'refused'; readonly reply: Reply; readonly manager: boolean };

export type LeaderAccess = Extract<Access, { kind: 'leader' }>;

/** Card data in the audit: strings only, and short. */
export const clip = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 100) : '');

/**
 * The committee's prognosis, decisions and report are for the person asking: in a group chat or a
 * channel everyone present would see them. True for the card verbs that show them.
 */
export function needsPersonalChat(verb: string): boolean {
  return leadershipVerbs.has(verb);
}

export function personalChatOnly(): Reply {
  return message(
    'Bara i personlig chatt',
    'Prognoser, bedömningar och rapporter svarar jag bara på i en personlig chatt med mig, så att de inte visas för alla här. Skriv samma fråga till mig i en personlig chatt.',
  );
}

/**
 * The person as a leader with their scope, or the refusal (audited as `leadership.refused`):
 * a unit manager is told kindly and gets their own unit's status; anyone else is told whom to ask.
 */
export async function checkAccess(
  ctx: LeadershipContext,
  caller: Caller,
  what: string,
  details: Record<string, string> = {},
): Promise<Access> {
  const identity = identify(ctx.config, caller.aadObjectId, caller.teamsName);
  const actor: Actor = { aadObjectId: identity.aadObjectId, name: identity.name };
  if (identity.leader) {
    return {
      kind: 'leader',
      identity,
      leader: identity.leader,
      scope: scopeOf(ctx.config, identity.leader),
      actor,
    };
  }
  const manager = identity.units.length > 0;
  await ctx.audit(actor, 'leadership.refused', 'refused', {
    reason: manager ? 'manager-without-leadership-role' : 'not-registered',
    what: clip(what),
    ...details,
  });
  return {
    kind: 'refused',
    manager,
    reply: manager
      ? message(
          'Prognosen är till för ledningen',
          `Prognos, ekonomi och svarsläget för nämnden visas för förvaltningsledningen och controllers. Här är i stället läget för din egen enhet. Kontakta ${ctx.contactText()} om du behöver se mer.`,
        )
      : message(
          'Du har inte tillgång till prognosen',
          `Prognosen och uppföljningen visas bara för ledning och controllers som är registrerade i boten. Kontakta ${ctx.contactText()} om du ska ha tillgång.`,
          'warning',
        ),
  };
}

export async function refuseDecide(
  ctx: LeadershipContext,
  access: LeaderAccess,
  goalId: string,
): Promise<Reply> {
  await ctx.audit(access.actor, 'decision.refused', 'refused', {
    reason: 'no-decision-rights',
    goalId: clip(goalId),
  });
  return message(
    'Du kan inte bedöma nämndmålen',
    'Nämndens samlade bedömning sätts av ledningen med ansvar för hela nämnden. Du kan se förslaget och enheternas prognoser. Inget sparades.',
    'attention',
  );
}

export async function refuseDocument(ctx: LeadershipContext, access: LeaderAccess): Promise<Reply> {
  await ctx.audit(access.actor, 'report.refused', 'refused', { reason: 'scope' });
  return message(
    'Rapporten omfattar hela nämnden',
    `Rapporten innehåller alla enheters svar och kan bara hämtas av ledningen för hela nämnden. Skriv ”prognos” för läget inom ${access.scope.label}.`,
    'warning',
  );
}

export async function refuseGoal(
  ctx: LeadershipContext,
  access: LeaderAccess,
  goalId: string,
  verb: string,
): Promise<Reply> {
  await ctx.audit(access.actor, 'leadership.refused', 'refused', {
    reason: 'goal-out-of-scope',
    goalId: clip(goalId),
    what: verb,
  });
  return message(
    'Nämndmålet ligger utanför ditt ansvarsområde',
    `Du ser nämndmålen som enheterna inom ${access.scope.label} följer upp. Skriv ”prognos” för dem.`,
    'warning',
  );
}

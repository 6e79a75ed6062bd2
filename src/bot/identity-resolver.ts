/**
 * Learns the Entra object id of people the organisation gives by UPN or e-mail alone: when
 * someone Teams names by an object id the organisation does not know writes to the bot or installs
 * it, the bot asks Teams for that member's UPN and e-mail (member info of the conversation) and, if
 * an unresolved person has one of them, gives that person the object id and stores the pair.
 *
 * Only Teams' authenticated activity decides the object id; the address comes from Teams too.
 * Nothing changes for people already given by object id.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { CommitteeConfig } from '../config/load-config.js';
import { type IdentityStore, isKnownId, resolvePeople, unresolvedPeople } from '../config/people.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export interface IdentityResolverDeps {
  readonly config: CommitteeConfig;
  readonly identities: IdentityStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface IdentityResolver {
  /** Before a turn: resolve the sender if the organisation has them only by address. */
  resolve(context: TurnContext): Promise<void>;
}

export function createIdentityResolver(deps: IdentityResolverDeps): IdentityResolver {
  const org = deps.config.organisation;
  /** Object ids already looked up in this process that matched nobody: not asked again. */
  const unmatched = new Set<string>();
  return {
    async resolve(context) {
      const from = context.activity.from;
      const aadObjectId = from?.aadObjectId ?? '';
      if (!aadObjectId || !from?.id || context.activity.channelId !== 'msteams') return;
      if (unmatched.has(aadObjectId) || isKnownId(org, aadObjectId)) return;
      if (unresolvedPeople(org).length === 0) return;
      let addresses: string[];
      try {
        const member = await TeamsInfo.getMember(context, from.id);
        addresses = [member.userPrincipalName, member.email].filter(
          (a): a is string => typeof a === 'string' && a.length > 0,
        );
      } catch (error) {
        // Not fatal: the person is treated as unknown this turn and looked up again next time.
        deps.logger.warn('member info failed; the sender stays unresolved', { error: String(error) });
        return;
      }
      const matched = resolvePeople(org, addresses, aadObjectId);
      if (matched.length === 0) {
        unmatched.add(aadObjectId);
        return;
      }
      const resolvedAt = deps.clock.now().toISOString();
      for (const address of matched) {
        try {
          await deps.identities.put({ address, aadObjectId, resolvedAt });
        } catch (error) {
          // The person is resolved in this process; a later start learns it again on first contact.
          deps.logger.warn('could not store a resolved identity', { error: String(error) });
        }
      }
      deps.logger.info('person resolved by address', { aadObjectId, people: matched.length });
    },
  };
}

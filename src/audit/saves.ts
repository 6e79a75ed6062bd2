/**
 * A unit's save is audited by its own history row (version-chain.ts), not by an audit-log entry:
 * the audit's list shows the saves from the answers' history, beside the audit log's entries,
 * as the entries they used to be (`answer.saved`, `followup.submitted`: who, when, what).
 */
import { COMMITTEE_UNIT_ID } from '../followup/answers.js';
import type { AuditEntry, AuditLog, StoredAnswer } from '../followup/ports.js';

/** Who saved which answer when, newest first (no payloads). */
export interface SaveHistory {
  recentSaves(committeeId: string, limit: number): Promise<readonly StoredAnswer<null>[]>;
}

/**
 * A saved version as an audit entry. The committee's own answers (bokslut, ledger, committee
 * figures) are audited with their own entries when stored, so they are not listed twice.
 */
export function saveEntry(answer: StoredAnswer<null>): AuditEntry | null {
  if (answer.unitId === COMMITTEE_UNIT_ID) return null;
  const common = {
    committeeId: answer.committeeId,
    at: answer.answeredAt,
    actor: answer.answeredBy,
    outcome: 'ok' as const,
  };
  if (answer.item === 'submission')
    return {
      ...common,
      action: 'followup.submitted',
      details: { unitId: answer.unitId, periodId: answer.periodId, revision: answer.revision },
    };
  return {
    ...common,
    action: 'answer.saved',
    details: {
      unitId: answer.unitId,
      periodId: answer.periodId,
      item: answer.item,
      revision: answer.revision,
      state: answer.state,
    },
  };
}

/**
 * The audit log, listing the saves too. Both lists are newest first; they are merged by time,
 * each keeping its own order (the log's is the order of recording).
 */
export function withSaves(log: AuditLog, saves: SaveHistory): AuditLog {
  return {
    append: (entry) => log.append(entry),
    async list(committeeId, options = {}) {
      const limit = options.limit ?? 100;
      const logged = await log.list(committeeId, { limit });
      const saved: AuditEntry[] = [];
      for (const answer of await saves.recentSaves(committeeId, limit)) {
        const entry = saveEntry(answer);
        if (entry) saved.push(entry);
      }
      const out: AuditEntry[] = [];
      let i = 0;
      let j = 0;
      while (out.length < limit && (i < logged.length || j < saved.length)) {
        const a = logged[i];
        const b = saved[j];
        if (a && (!b || a.at >= b.at)) {
          out.push(a);
          i++;
        } else if (b) {
          out.push(b);
          j++;
        }
      }
      return out;
    },
  };
}

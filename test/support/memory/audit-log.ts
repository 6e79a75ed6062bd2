import { randomBytes } from 'node:crypto';
import { type ChainedRow, type ChainMark, chainRow, EMPTY_MARK } from '../../../src/audit/chain.js';
import type { AuditChainStore } from '../../../src/audit/ports.js';
import type { AuditEntry, AuditLog } from '../../../src/followup/ports.js';

/** One committee's chain as storage holds it: the rows by number, the head and the anchor. */
export interface MemoryChain {
  readonly rows: Map<number, ChainedRow>;
  head: ChainMark | null;
  anchor: ChainMark;
}

/**
 * The audit log in memory, chained exactly as in Table Storage (src/audit/chain.ts). The chains
 * can be handed in, so a test can do what someone with access to the storage could: edit or
 * delete a row behind the app's back, and see verification find it.
 */
export class MemoryAuditLog implements AuditLog, AuditChainStore {
  constructor(private readonly chains = new Map<string, MemoryChain>()) {}

  async append(entry: AuditEntry): Promise<void> {
    const chain = this.chain(entry.committeeId);
    const row = chainRow(chain.head ?? chain.anchor, {
      at: entry.at,
      action: entry.action,
      outcome: entry.outcome,
      details: JSON.stringify(entry.details),
      actorId: entry.actor?.aadObjectId ?? '',
      actorName: entry.actor?.name ?? '',
      salt: randomBytes(16).toString('hex'),
    });
    chain.rows.set(row.seq, row);
    chain.head = { seq: row.seq, hash: row.hash };
  }

  async list(committeeId: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = options.limit ?? 100;
    const chain = this.chains.get(committeeId);
    if (!chain?.head) return [];
    const out: AuditEntry[] = [];
    const from = Math.max(chain.anchor.seq + 1, chain.head.seq - limit + 1);
    for (let seq = chain.head.seq; seq >= from; seq--) {
      const row = chain.rows.get(seq);
      if (row) out.push(toEntry(committeeId, row));
    }
    return out;
  }

  async marks(committeeId: string): Promise<{ head: ChainMark | null; anchor: ChainMark }> {
    const chain = this.chains.get(committeeId);
    return { head: chain?.head ?? null, anchor: chain?.anchor ?? EMPTY_MARK };
  }

  async *rows(committeeId: string, afterSeq: number, toSeq: number): AsyncIterable<ChainedRow> {
    const rows = this.chains.get(committeeId)?.rows ?? new Map<number, ChainedRow>();
    const seqs = [...rows.keys()].filter((seq) => seq > afterSeq && seq <= toSeq).sort((a, b) => a - b);
    for (const seq of seqs) {
      const row = rows.get(seq);
      if (row) yield { ...row };
    }
  }

  private chain(committeeId: string): MemoryChain {
    let chain = this.chains.get(committeeId);
    if (!chain) {
      chain = { rows: new Map(), head: null, anchor: EMPTY_MARK };
      this.chains.set(committeeId, chain);
    }
    return chain;
  }
}

function toEntry(committeeId: string, row: ChainedRow): AuditEntry {
  return {
    committeeId,
    at: row.at,
    actor: row.actorId ? { aadObjectId: row.actorId, name: row.actorName } : null,
    action: row.action,
    outcome: row.outcome as AuditEntry['outcome'],
    details: JSON.parse(row.details) as AuditEntry['details'],
  };
}

import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { AuditEntry, AuditLog } from '../followup/ports.js';
import { escapeKeyPart, odataString } from './keys.js';
import { guard } from './tables.js';

const MAX_MS = 9_999_999_999_999;

/**
 * Audit log, append-only: PartitionKey = committee, RowKey = inverted timestamp + random suffix,
 * so the newest entries come first in a partition scan and two entries never collide.
 */
export class TableAuditLog implements AuditLog {
  constructor(private readonly client: TableClient) {}

  async append(entry: AuditEntry): Promise<void> {
    const inverted = String(MAX_MS - Date.parse(entry.at)).padStart(13, '0');
    await guard('append audit', () =>
      this.client.createEntity({
        partitionKey: escapeKeyPart(entry.committeeId),
        rowKey: `${inverted}|${randomBytes(6).toString('hex')}`,
        at: entry.at,
        actorId: entry.actor?.aadObjectId ?? '',
        actorName: entry.actor?.name ?? '',
        action: entry.action,
        outcome: entry.outcome,
        details: JSON.stringify(entry.details),
      }),
    );
  }

  async list(committeeId: string, options: { limit?: number } = {}): Promise<AuditEntry[]> {
    const limit = options.limit ?? 100;
    const filter = `PartitionKey eq ${odataString(escapeKeyPart(committeeId))}`;
    return guard('list audit', async () => {
      const out: AuditEntry[] = [];
      for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        out.push({
          committeeId,
          at: String(e.at),
          actor: e.actorId ? { aadObjectId: String(e.actorId), name: String(e.actorName) } : null,
          action: String(e.action),
          outcome: e.outcome as AuditEntry['outcome'],
          details: JSON.parse(String(e.details)) as AuditEntry['details'],
        });
        if (out.length >= limit) break;
      }
      return out;
    });
  }
}

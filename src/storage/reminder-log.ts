import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { ReminderEntry, ReminderKey, ReminderLog, ReminderState } from '../reminders/ports.js';
import { joinKey, odataString, splitKey } from './keys.js';
import { guard, statusOf } from './tables.js';

type Row = TableEntityResult<Record<string, unknown>>;

/**
 * Reminder log: PartitionKey `<committee>|<period>`, RowKey `<kind>|<aadObjectId>`. A period's
 * whole fan-out is one partition, and every claim is a create or an ETag-guarded update, so two
 * senders can never both win the same reminder. The common path is two requests per reminder:
 * the claim's create and the delivery's merge.
 */
export class TableReminderLog implements ReminderLog {
  constructor(private readonly client: TableClient) {}

  async claim(key: ReminderKey, owner: string, now: string, until: string): Promise<boolean> {
    const pk = joinKey(key.committeeId, key.periodId);
    const rk = joinKey(key.kind, key.aadObjectId);
    const fields = { state: 'claimed', claimedBy: owner, claimedUntil: until, updatedAt: now, detail: '' };
    return guard('claim reminder', async () => {
      // Most claims are of reminders nobody has touched: one create, no read first.
      try {
        await this.client.createEntity({ partitionKey: pk, rowKey: rk, ...fields });
        return true;
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
      const existing = await this.row(pk, rk);
      if (!existing) return false;
      const state = existing.state as ReminderState;
      if (state === 'sent') return false;
      if (state === 'claimed' && String(existing.claimedUntil) > now && existing.claimedBy !== owner)
        return false;
      try {
        await this.client.updateEntity({ partitionKey: pk, rowKey: rk, ...fields }, 'Replace', {
          etag: existing.etag,
        });
        return true;
      } catch (error) {
        if (statusOf(error) === 412) return false; // another sender got there first
        throw error;
      }
    });
  }

  async mark(
    key: ReminderKey,
    owner: string,
    state: 'sent' | 'unreachable',
    now: string,
    detail = '',
  ): Promise<void> {
    const pk = joinKey(key.committeeId, key.periodId);
    const rk = joinKey(key.kind, key.aadObjectId);
    await guard('mark reminder', async () => {
      if (state === 'sent') {
        // Delivered is a fact whoever holds the claim now: one unconditional merge, no read first.
        try {
          await this.client.updateEntity(
            { partitionKey: pk, rowKey: rk, state, claimedBy: owner, updatedAt: now, detail },
            'Merge',
            { etag: '*' },
          );
          return;
        } catch (error) {
          if (statusOf(error) === 404) throw new Error(`reminder ${pk}/${rk} was never claimed`);
          throw error;
        }
      }
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await this.row(pk, rk);
        if (!existing) throw new Error(`reminder ${pk}/${rk} was never claimed`);
        // "Unreachable" only from the owner, and never over a delivery.
        if (existing.claimedBy !== owner) return;
        if (existing.state === 'sent') return;
        try {
          await this.client.updateEntity(
            { partitionKey: pk, rowKey: rk, state, claimedBy: owner, updatedAt: now, detail },
            'Merge',
            { etag: existing.etag },
          );
          return;
        } catch (error) {
          if (statusOf(error) !== 412) throw error;
        }
      }
      throw new Error(`reminder ${pk}/${rk} kept changing while being marked`);
    });
  }

  async list(committeeId: string, periodId: string): Promise<ReminderEntry[]> {
    const filter = `PartitionKey eq ${odataString(joinKey(committeeId, periodId))}`;
    return guard('list reminders', async () => {
      const out: ReminderEntry[] = [];
      for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const [kind = '', aadObjectId = ''] = splitKey(String(e.rowKey));
        out.push({
          committeeId,
          periodId,
          kind,
          aadObjectId,
          state: e.state as ReminderState,
          claimedBy: String(e.claimedBy ?? ''),
          claimedUntil: String(e.claimedUntil ?? ''),
          updatedAt: String(e.updatedAt ?? ''),
          detail: e.detail ? String(e.detail) : null,
        });
      }
      return out;
    });
  }

  private async row(pk: string, rk: string): Promise<Row | null> {
    try {
      return (await this.client.getEntity<Record<string, unknown>>(pk, rk)) as Row;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }
}

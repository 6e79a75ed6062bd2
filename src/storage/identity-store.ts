import type { TableClient } from '@azure/data-tables';
import type { IdentityStore, ResolvedIdentity } from '../config/people.js';
import { escapeKeyPart } from './keys.js';
import { guard } from './tables.js';

/**
 * Object ids learnt for people the organisation gives by UPN or e-mail alone:
 * PartitionKey = the normalised address, RowKey `id`. Last write wins.
 */
export class TableIdentityStore implements IdentityStore {
  constructor(private readonly client: TableClient) {}

  async list(): Promise<ResolvedIdentity[]> {
    return guard('list identities', async () => {
      const out: ResolvedIdentity[] = [];
      for await (const e of this.client.listEntities<Record<string, unknown>>()) {
        out.push({
          address: String(e.address ?? ''),
          aadObjectId: String(e.aadObjectId ?? ''),
          resolvedAt: String(e.resolvedAt ?? ''),
        });
      }
      return out.filter((i) => i.address && i.aadObjectId);
    });
  }

  async put(identity: ResolvedIdentity): Promise<void> {
    await guard('write identity', () =>
      this.client.upsertEntity(
        {
          partitionKey: escapeKeyPart(identity.address),
          rowKey: 'id',
          address: identity.address,
          aadObjectId: identity.aadObjectId,
          resolvedAt: identity.resolvedAt,
        },
        'Replace',
      ),
    );
  }
}

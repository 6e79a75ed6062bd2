import type { TableClient } from '@azure/data-tables';
import type { ConversationStore, StoredConversation } from '../reminders/ports.js';
import { escapeKeyPart } from './keys.js';
import { guard, statusOf } from './tables.js';

/**
 * Conversation references: PartitionKey = the person's Entra object id, RowKey `ref`.
 * One partition per person keeps writes on install and every message independent; the
 * reminder run reads them all with one table scan.
 */
export class TableConversationStore implements ConversationStore {
  constructor(private readonly client: TableClient) {}

  async get(aadObjectId: string): Promise<StoredConversation | null> {
    return guard('read conversation', async () => {
      try {
        const e = await this.client.getEntity<Record<string, unknown>>(escapeKeyPart(aadObjectId), 'ref');
        return toConversation(e);
      } catch (error) {
        if (statusOf(error) === 404) return null;
        throw error;
      }
    });
  }

  async put(conversation: StoredConversation): Promise<void> {
    await guard('write conversation', () =>
      this.client.upsertEntity(
        {
          partitionKey: escapeKeyPart(conversation.aadObjectId),
          rowKey: 'ref',
          aadObjectId: conversation.aadObjectId,
          reference: JSON.stringify(conversation.reference),
          updatedAt: conversation.updatedAt,
        },
        'Replace',
      ),
    );
  }

  async list(): Promise<StoredConversation[]> {
    return guard('list conversations', async () => {
      const out: StoredConversation[] = [];
      for await (const e of this.client.listEntities<Record<string, unknown>>()) out.push(toConversation(e));
      return out;
    });
  }

  async remove(aadObjectId: string): Promise<void> {
    await guard('delete conversation', async () => {
      try {
        await this.client.deleteEntity(escapeKeyPart(aadObjectId), 'ref');
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    });
  }
}

function toConversation(e: Record<string, unknown>): StoredConversation {
  return {
    aadObjectId: String(e.aadObjectId),
    reference: JSON.parse(String(e.reference)) as Record<string, unknown>,
    updatedAt: String(e.updatedAt),
  };
}

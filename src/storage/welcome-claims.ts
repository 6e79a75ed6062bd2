import type { TableClient } from '@azure/data-tables';
import type { WelcomeClaims } from '../followup/ports.js';
import { escapeKeyPart } from './keys.js';
import { guard, statusOf } from './tables.js';

/**
 * Welcome claims: PartitionKey = the conversation id, RowKey `welcome`. The insert is the claim:
 * Table Storage refuses a second insert of the same keys (409), so two install events that race
 * each other, on one instance or two, greet once.
 */
export class TableWelcomeClaims implements WelcomeClaims {
  constructor(private readonly client: TableClient) {}

  async claim(conversationId: string, aadObjectId: string, at: string): Promise<boolean> {
    return guard('claim welcome', async () => {
      try {
        await this.client.createEntity({
          partitionKey: escapeKeyPart(conversationId),
          rowKey: 'welcome',
          aadObjectId,
          at,
        });
        return true;
      } catch (error) {
        if (statusOf(error) === 409) return false;
        throw error;
      }
    });
  }

  async release(conversationId: string): Promise<void> {
    await guard('release welcome', async () => {
      try {
        await this.client.deleteEntity(escapeKeyPart(conversationId), 'welcome');
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    });
  }
}

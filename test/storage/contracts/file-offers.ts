/** What report delivery relies on from the offered-files store: exact bytes, delivered once, then gone. */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FileOfferStore, OfferedFile } from '../../../src/leadership/ports.js';

const NOW = Date.UTC(2024, 8, 10, 12, 0, 0);

function offer(bytes: Buffer, expiresAt = NOW + 60_000): OfferedFile {
  return {
    id: randomUUID(),
    fileName: 'Delarsrapport-AN-2024-08.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes,
    aadObjectId: 'demo-controller',
    expiresAt,
  };
}

export function describeFileOfferContract(name: string, makeStore: () => Promise<FileOfferStore>): void {
  describe(`offered files contract: ${name}`, () => {
    let store: FileOfferStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('gives back exactly the bytes and details offered, however large', async () => {
      const file = offer(Buffer.from(Array.from({ length: 250_000 }, (_, i) => (i * 31) % 251)));
      await store.put(file);
      const state = await store.get(file.id, NOW);
      expect(state.kind).toBe('offered');
      if (state.kind === 'offered') {
        expect(state.file.bytes.equals(file.bytes)).toBe(true);
        expect({ ...state.file, bytes: null }).toEqual({ ...file, bytes: null });
      }
      expect(await store.get(randomUUID(), NOW)).toEqual({ kind: 'gone' });
    });

    it('delivers once: of concurrent deliveries exactly one wins, and the bytes are dropped', async () => {
      const file = offer(Buffer.from('PK one file'));
      await store.put(file);
      const results = await Promise.all([store.markDelivered(file.id), store.markDelivered(file.id)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.get(file.id, NOW)).toEqual({ kind: 'delivered', fileName: file.fileName });
      expect(await store.markDelivered(file.id)).toBe(false);
      expect(await store.markDelivered(randomUUID())).toBe(false);
    });

    it('forgets an offer once it has expired, and purges at most the limit', async () => {
      const expired = [offer(Buffer.from('PK a'), NOW - 2_000), offer(Buffer.from('PK b'), NOW - 1_000)];
      const current = offer(Buffer.from('PK new'));
      for (const file of [...expired, current]) await store.put(file);
      expect((await store.get(expired[0]?.id ?? '', NOW)).kind).toBe('gone');
      expect((await store.get(expired[0]?.id ?? '', NOW - 5_000)).kind).toBe('offered');
      expect(await store.purgeExpired(NOW, 1)).toBe(1);
      expect(await store.purgeExpired(NOW, 10)).toBe(1);
      expect(await store.purgeExpired(NOW, 10)).toBe(0);
      for (const file of expired) expect((await store.get(file.id, 0)).kind).toBe('gone');
      expect((await store.get(current.id, NOW)).kind).toBe('offered');
    });
  });
}

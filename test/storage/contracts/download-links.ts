/** What download links rely on from storage: a link works exactly once, whoever serves it. */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DownloadLink, DownloadLinkStore } from '../../../src/downloads/ports.js';

function link(extra: Partial<Omit<DownloadLink, 'usedAt'>> = {}): Omit<DownloadLink, 'usedAt'> {
  return {
    id: randomBytes(32).toString('base64url'),
    purpose: 'report',
    periodId: '2024-08',
    format: 'xlsx',
    aadObjectId: 'demo-controller',
    offerId: null,
    issuedAt: '2024-09-10T12:00:00.000Z',
    expiresAt: '2024-09-10T12:30:00.000Z',
    ...extra,
  };
}

export function describeDownloadLinkContract(
  name: string,
  makeStore: () => Promise<DownloadLinkStore>,
): void {
  describe(`download link store contract: ${name}`, () => {
    let store: DownloadLinkStore;
    beforeEach(async () => {
      store = await makeStore();
    });

    it('keeps what a link is for, unused until claimed', async () => {
      const issued = link({ offerId: 'offer-1', format: 'docx' });
      await store.issue(issued);
      expect(await store.get(issued.id)).toEqual({ ...issued, usedAt: null });
      expect(await store.get('okand')).toBeNull();
    });

    it('never overwrites an issued link', async () => {
      const issued = link();
      await store.issue(issued);
      await expect(store.issue({ ...issued, aadObjectId: 'demo-annan' })).rejects.toThrow();
      expect((await store.get(issued.id))?.aadObjectId).toBe('demo-controller');
    });

    it('is claimed once: a second claim is told it is used, an unknown id is unknown', async () => {
      const issued = link();
      await store.issue(issued);
      expect(await store.claim(issued.id, '2024-09-10T12:01:00.000Z')).toEqual({
        kind: 'claimed',
        link: { ...issued, usedAt: '2024-09-10T12:01:00.000Z' },
      });
      const again = await store.claim(issued.id, '2024-09-10T12:02:00.000Z');
      expect(again.kind).toBe('used');
      expect((await store.get(issued.id))?.usedAt).toBe('2024-09-10T12:01:00.000Z');
      expect(await store.claim('okand', '2024-09-10T12:01:00.000Z')).toEqual({ kind: 'unknown' });
    });

    it('gives exactly one of several concurrent claims the link', async () => {
      const issued = link();
      await store.issue(issued);
      const claims = await Promise.all(
        Array.from({ length: 5 }, (_, i) => store.claim(issued.id, `2024-09-10T12:01:0${i}.000Z`)),
      );
      expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.kind === 'used')).toHaveLength(4);
    });

    it('is released only by the claim that took it, and can then be claimed again', async () => {
      const issued = link();
      await store.issue(issued);
      await store.claim(issued.id, '2024-09-10T12:01:00.000Z');
      await store.release(issued.id, '2024-09-10T12:09:00.000Z');
      expect((await store.claim(issued.id, '2024-09-10T12:02:00.000Z')).kind).toBe('used');
      await store.release(issued.id, '2024-09-10T12:01:00.000Z');
      expect((await store.get(issued.id))?.usedAt).toBeNull();
      expect((await store.claim(issued.id, '2024-09-10T12:03:00.000Z')).kind).toBe('claimed');
      await store.release('okand', '2024-09-10T12:03:00.000Z');
    });
  });
}

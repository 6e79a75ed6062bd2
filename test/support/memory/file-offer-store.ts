import type { FileOfferStore, OfferedFile, OfferState } from '../../../src/leadership/ports.js';

type Offer = { readonly file: OfferedFile; readonly delivered: boolean };

/** Offered report files in memory: the bytes until delivered, the name until the offer expires. */
export class MemoryFileOfferStore implements FileOfferStore {
  private readonly offers = new Map<string, Offer>();

  async put(file: OfferedFile): Promise<void> {
    if (this.offers.has(file.id)) throw new Error(`offer ${file.id} exists already`);
    this.offers.set(file.id, { file: { ...file, bytes: Buffer.from(file.bytes) }, delivered: false });
  }

  async get(id: string, now: number): Promise<OfferState> {
    const offer = this.offers.get(id);
    if (!offer || offer.file.expiresAt < now) return { kind: 'gone' };
    if (offer.delivered) return { kind: 'delivered', fileName: offer.file.fileName };
    return { kind: 'offered', file: { ...offer.file, bytes: Buffer.from(offer.file.bytes) } };
  }

  async markDelivered(id: string): Promise<boolean> {
    const offer = this.offers.get(id);
    if (!offer || offer.delivered) return false;
    // The bytes are dropped; the name stays to say "already used" until the offer expires.
    this.offers.set(id, { file: { ...offer.file, bytes: Buffer.alloc(0) }, delivered: true });
    return true;
  }

  async purgeExpired(now: number, limit: number): Promise<number> {
    const expired = [...this.offers].filter(([, o]) => o.file.expiresAt < now).slice(0, limit);
    for (const [id] of expired) this.offers.delete(id);
    return expired.length;
  }
}

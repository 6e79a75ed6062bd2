import type { ClaimResult, DownloadLink, DownloadLinkStore } from '../../../src/downloads/ports.js';

/** Download links in memory; a claim is a check and a write with nothing in between, so one wins. */
export class MemoryLinkStore implements DownloadLinkStore {
  private readonly links = new Map<string, DownloadLink>();

  async issue(link: Omit<DownloadLink, 'usedAt'>): Promise<void> {
    // Table Storage refuses a second insert of the same id (409): a link is never overwritten.
    if (this.links.has(link.id)) throw new Error(`link ${link.id} exists already`);
    this.links.set(link.id, { ...link, offerId: link.offerId ?? null, usedAt: null });
  }

  async get(id: string): Promise<DownloadLink | null> {
    const link = this.links.get(id);
    return link ? { ...link } : null;
  }

  async claim(id: string, at: string): Promise<ClaimResult> {
    const link = this.links.get(id);
    if (!link) return { kind: 'unknown' };
    if (link.usedAt) return { kind: 'used', link: { ...link } };
    const claimed = { ...link, usedAt: at };
    this.links.set(id, claimed);
    return { kind: 'claimed', link: { ...claimed } };
  }

  async release(id: string, at: string): Promise<void> {
    const link = this.links.get(id);
    if (link && link.usedAt === at) this.links.set(id, { ...link, usedAt: null });
  }
}

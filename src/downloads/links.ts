/**
 * Issuing download links: a random id recorded in storage with what the link is for (purpose,
 * period, format, person) and until when. The id is the link's only secret; everything it grants
 * is read from the record, so nothing in the address can be altered to fetch something else, and
 * every instance (and a restarted one) knows the link.
 */
import { randomBytes } from 'node:crypto';
import type { DownloadLinkStore, LinkFormat } from './ports.js';

/** How long a download link (and a consent card) stays usable. */
export const LINK_TTL_MS = 30 * 60_000;

/** 32 random bytes as base64url. */
export const LINK_ID = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedLink {
  readonly url: string;
  readonly expiresAt: string;
}

export interface DownloadLinks {
  /** Records a new single-use link to a period's report for the person, and returns its address. */
  issue(request: {
    readonly periodId: string;
    readonly format: LinkFormat;
    readonly aadObjectId: string;
    /** The kept file of a consent card the link stands in for (see `DownloadLink.offerId`). */
    readonly offerId?: string;
    /** Expires no later than this (ms since the epoch): a kept file's offer ends then. */
    readonly notAfter?: number;
  }): Promise<IssuedLink>;
}

export function createDownloadLinks(deps: {
  readonly store: DownloadLinkStore;
  readonly publicUrl: string;
  readonly now: () => number;
}): DownloadLinks {
  const base = deps.publicUrl.replace(/\/$/, '');
  return {
    async issue(request) {
      const id = randomBytes(32).toString('base64url');
      const now = deps.now();
      const expiresAt = new Date(Math.min(now + LINK_TTL_MS, request.notAfter ?? Infinity)).toISOString();
      await deps.store.issue({
        id,
        purpose: 'report',
        periodId: request.periodId,
        format: request.format,
        aadObjectId: request.aadObjectId,
        offerId: request.offerId ?? null,
        issuedAt: new Date(now).toISOString(),
        expiresAt,
      });
      return { url: `${base}/files/${id}`, expiresAt };
    },
  };
}

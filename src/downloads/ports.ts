/**
 * What download links need from storage: a record per link, and an atomic claim, so a link works
 * exactly once whichever instance serves it and across restarts.
 */

export type LinkFormat = 'docx' | 'xlsx';

/** What a link is for; a link only ever serves its own purpose. */
export type LinkPurpose = 'report';

export interface DownloadLink {
  /** Random, 32 bytes as base64url: the link's only secret. */
  readonly id: string;
  readonly purpose: LinkPurpose;
  readonly periodId: string;
  readonly format: LinkFormat;
  /** The person the link was made for: the file is made with their rights, and only theirs. */
  readonly aadObjectId: string;
  /**
   * The report file kept as offered on a Teams consent card (`FileOfferStore`), when the link was
   * sent instead of that card's upload: the link then serves exactly that file. Null: the file is
   * made when the link is used.
   */
  readonly offerId?: string | null;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** When it was used; null while unused. */
  readonly usedAt: string | null;
}

export type ClaimResult =
  | { readonly kind: 'claimed'; readonly link: DownloadLink }
  /** Used already (also: used by another instance a moment earlier). */
  | { readonly kind: 'used'; readonly link: DownloadLink }
  | { readonly kind: 'unknown' };

export interface DownloadLinkStore {
  issue(link: Omit<DownloadLink, 'usedAt'>): Promise<void>;
  get(id: string): Promise<DownloadLink | null>;
  /** Marks the link used at `at` if it is unused; exactly one of concurrent claims wins. */
  claim(id: string, at: string): Promise<ClaimResult>;
  /** Undoes the claim made at `at` (the file could not be made), so the person can try again. */
  release(id: string, at: string): Promise<void>;
}

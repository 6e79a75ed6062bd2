/**
 * What report delivery needs from storage: the report files kept as offered until delivered.
 * Storage implements it; leadership and the bot never see tables or keys.
 */

/** A report file as it was offered to one person: exactly these bytes are delivered. */
export interface OfferedFile {
  /** Random and unguessable; named by the signed consent card or link, never by the person. */
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  /** The Entra object id of the person it was made for. */
  readonly aadObjectId: string;
  /** Ms since the epoch; after it the offer is gone and may be purged. */
  readonly expiresAt: number;
}

export type OfferState =
  | { readonly kind: 'offered'; readonly file: OfferedFile }
  /** Uploaded to the person's OneDrive or downloaded: the bytes are no longer kept. */
  | { readonly kind: 'delivered'; readonly fileName: string }
  | { readonly kind: 'gone' };

export interface FileOfferStore {
  /** Keeps the file until it is delivered or expires. */
  put(file: OfferedFile): Promise<void>;
  get(id: string, now: number): Promise<OfferState>;
  /**
   * Marks the offer delivered and drops its bytes. Atomic: of two deliveries at once (a link
   * opened twice, a retried upload) exactly one gets true.
   */
  markDelivered(id: string): Promise<boolean>;
  /** Removes offers that expired before `now`, at most `limit` of them; returns how many. */
  purgeExpired(now: number, limit: number): Promise<number>;
}

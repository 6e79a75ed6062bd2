/**
 * Signed, expiring, single-purpose tokens (the report consent card's context): the token names
 * exactly one file (a report kept as offered to one person) and is signed with HMAC-SHA256, so it
 * cannot be altered to name anything else, and it stops working at its expiry.
 * Download links are not tokens: they are records in storage (src/downloads/).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  /** What the link is for, e.g. `report`. */
  readonly purpose: string;
  /** The offered file the token names (kept in storage until delivered). */
  readonly offerId: string;
  /** The report's period and format, for a download link sent instead of the upload. */
  readonly periodId?: string;
  readonly format?: 'docx' | 'xlsx';
  /** The Entra object id of the person it was made for (audit, not access). */
  readonly aadObjectId: string;
  /** Expiry, ms since the epoch. */
  readonly expires: number;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function createLinkToken(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export type LinkCheck =
  | { readonly ok: true; readonly claims: LinkClaims }
  | { readonly ok: false; readonly reason: 'invalid' | 'expired' };

export function verifyLinkToken(secret: string, token: string, now: number): LinkCheck {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims.expires !== 'number' || claims.expires < now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/**
 * Report files offered to one person. In a personal Teams chat a file is offered on a consent
 * card; it is made once, when offered, and kept in storage (`FileOfferStore`) until it is delivered
 * or the offer expires: what is uploaded, or downloaded with the link sent after "Avböj", is
 * exactly the file the card announced, under the same name and size, even if answers change
 * meanwhile or another instance answers. The card carries a signed token naming that kept file;
 * the token is only ever accepted back from the person it was made for.
 */
import { randomBytes } from 'node:crypto';
import { LINK_TTL_MS } from '../downloads/links.js';
import { createLinkToken, type LinkClaims, verifyLinkToken } from '../shared/signed-link.js';
import type { OfferedFile } from './ports.js';

/** How long an offered file is kept: a consent card answered late still gets a whole link. */
export const OFFER_TTL_MS = 2 * LINK_TTL_MS;

const CONSENT = 'report-consent';

/** Signed tokens of consent cards, naming the kept file. */
export interface FileLinks {
  /** A token for one offered file, valid until `expires` (ms since the epoch). */
  token(claims: Omit<LinkClaims, 'expires' | 'purpose'>, expires: number): string;
  /** The token's claims if it is genuine, unexpired and a consent token. */
  verify(token: string): ReturnType<typeof verifyLinkToken>;
  /** The real time tokens expire by (ms since the epoch), whatever the app's clock says. */
  now(): number;
}

export function createFileLinks(secret: string, now: () => number): FileLinks {
  return {
    token: (claims, expires) => createLinkToken(secret, { ...claims, purpose: CONSENT, expires }),
    verify: (token) => {
      const check = verifyLinkToken(secret, token, now());
      return check.ok && check.claims.purpose !== CONSENT ? { ok: false, reason: 'invalid' } : check;
    },
    now,
  };
}

/** The file as it will be delivered: a new offer, valid for `OFFER_TTL_MS`. */
export function newOffer(
  file: { readonly fileName: string; readonly contentType: string; readonly bytes: Buffer },
  aadObjectId: string,
  now: number,
): OfferedFile {
  return {
    id: randomBytes(18).toString('base64url'),
    fileName: file.fileName,
    contentType: file.contentType,
    bytes: file.bytes,
    aadObjectId,
    expiresAt: now + OFFER_TTL_MS,
  };
}

/** Minutes left until `expires`, rounded, at least one. */
export function minutesLeft(expires: number, now: number): number {
  // Rounded: a link made for 30 minutes, announced a second later, still reads "30 minuter".
  return Math.max(1, Math.round((expires - now) / 60_000));
}

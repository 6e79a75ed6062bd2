/**
 * Delivering report files in Teams. In a personal chat a bot cannot attach a file directly: it
 * sends a FileConsentCard, Teams asks the person, and on "Tillåt" gives an upload URL in the
 * person's OneDrive; we upload there and show the file card. Where that is not possible (other
 * clients, or the person declines) a single-use download link served by the bot is offered
 * (src/downloads/).
 *
 * The file is made once, when it is offered on a consent card, and kept in storage
 * (`FileOfferStore`) until it is delivered or the offer expires: what is uploaded, or downloaded
 * with the link sent after "Avböj", is exactly the file the consent card announced, under the same
 * name and size, even if answers change meanwhile or another instance of the bot handles the
 * answer. The consent card carries a signed token naming that kept file; the token is only ever
 * accepted back from the person it was made for.
 */
import { randomBytes } from 'node:crypto';
import type { Attachment } from 'botbuilder';
import { LINK_TTL_MS } from '../downloads/links.js';
import { createLinkToken, type LinkClaims, verifyLinkToken } from '../shared/signed-link.js';
import type { OfferedFile } from './ports.js';

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

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

export function consentCard(file: OfferedFile, token: string, description: string): Attachment {
  return {
    contentType: FILE_CONSENT,
    name: file.fileName,
    content: {
      description,
      sizeInBytes: file.bytes.length,
      acceptContext: { token },
      declineContext: { token },
    },
  };
}

export function fileInfoCard(
  name: string,
  contentUrl: string,
  uniqueId: string,
  fileType: string,
): Attachment {
  return { contentType: FILE_INFO, name, contentUrl, content: { uniqueId, fileType } };
}

/** Uploads to the URL Teams gave (the person's OneDrive), in one request. */
export async function uploadFile(uploadUrl: string, bytes: Buffer): Promise<void> {
  const response = await fetch(uploadUrl, {
    method: 'PUT',
    headers: {
      'Content-Length': String(bytes.length),
      'Content-Range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
    },
    body: new Uint8Array(bytes),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`upload failed with ${response.status}`);
}

/** Whole minutes left until `expires`, at least one. */
export function minutesLeft(expires: number, now: number): number {
  return Math.max(1, Math.floor((expires - now) / 60_000));
}

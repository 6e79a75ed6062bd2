/**
 * Delivering report files in Teams. In a personal chat a bot cannot attach a file directly: it
 * sends a FileConsentCard, Teams asks the person, and on "Tillåt" gives an upload URL in the
 * person's OneDrive; we upload there and show the file card. Where that is not possible (other
 * clients, or the person declines) a signed, single-use download link served by the bot is
 * offered.
 *
 * The file is made once, when it is offered, and kept in storage (`FileOfferStore`) until it is
 * delivered or the offer expires: what is uploaded or downloaded is exactly the file the consent
 * card announced, under the same name and size, even if answers change meanwhile or another
 * instance of the bot handles the answer.
 */
import { randomBytes } from 'node:crypto';
import type { Attachment } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Logger } from '../shared/logger.js';
import { createLinkToken, type LinkClaims, verifyLinkToken } from '../shared/signed-link.js';
import type { FileOfferStore, OfferedFile } from './ports.js';

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** How long a consent card (or a link sent instead of one) stays usable. */
export const LINK_TTL_MS = 30 * 60_000;
/** How long an offered file is kept: a consent card answered late still gets a whole link. */
export const OFFER_TTL_MS = 2 * LINK_TTL_MS;

export interface FileLinks {
  /** A token for one offered file, valid until `expires` (ms since the epoch). */
  token(claims: Omit<LinkClaims, 'expires' | 'purpose'>, expires: number): string;
  verify(token: string): ReturnType<typeof verifyLinkToken>;
  /** The public download URL of a token. */
  url(token: string): string;
  /** The real time links expire by (ms since the epoch), whatever the app's clock says. */
  now(): number;
}

export function createFileLinks(secret: string, publicUrl: string, now: () => number): FileLinks {
  return {
    token: (claims, expires) => createLinkToken(secret, { ...claims, purpose: 'report', expires }),
    verify: (token) => {
      const check = verifyLinkToken(secret, token, now());
      return check.ok && check.claims.purpose !== 'report' ? { ok: false, reason: 'invalid' } : check;
    },
    url: (token) => `${publicUrl.replace(/\/$/, '')}/files/${encodeURIComponent(token)}`,
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

/**
 * `GET /files/:token`: the download of an offered file. A link works once (the offer is marked
 * delivered in storage, so a second use is refused on every instance) and expires.
 */
export function createDownloadHandler(deps: {
  readonly links: FileLinks;
  readonly offers: FileOfferStore;
  readonly logger: Logger;
  readonly now: () => number;
}): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const token = String((req.params as Record<string, unknown> | undefined)?.token ?? '');
    const check = deps.links.verify(token);
    const text = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    if (!check.ok) {
      text(
        check.reason === 'expired' ? 410 : 404,
        check.reason === 'expired'
          ? 'Länken har gått ut. Skriv ”rapport” till boten för en ny.'
          : 'Länken är ogiltig.',
      );
      return;
    }
    try {
      const state = await deps.offers.get(check.claims.offerId, deps.now());
      if (state.kind === 'gone') {
        text(410, 'Länken har gått ut. Skriv ”rapport” till boten för en ny.');
        return;
      }
      if (state.kind === 'delivered' || !(await deps.offers.markDelivered(check.claims.offerId))) {
        text(410, 'Länken är redan använd. Skriv ”rapport” till boten för en ny.');
        return;
      }
      const { file } = state;
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-length': String(file.bytes.length),
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
      });
      res.end(file.bytes);
    } catch (error) {
      deps.logger.error('download failed', { error: error instanceof Error ? error.stack : String(error) });
      text(503, 'Rapporten kan inte hämtas just nu. Försök igen om en stund.');
    }
  };
}

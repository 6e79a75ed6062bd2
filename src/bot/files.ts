/**
 * Delivering report files in Teams. In a personal chat a bot cannot attach a file directly: it
 * sends a FileConsentCard, Teams asks the person, and on "Tillåt" gives an upload URL in the
 * person's OneDrive; we upload there and show the file card. Where that is not possible (other
 * clients, or the person declines) a single-use download link served by the bot is offered
 * (src/downloads/).
 *
 * The consent card carries a signed token naming the file (period, format, person), so accepting
 * regenerates the file: nothing is kept in memory between the question and the answer. The token
 * is only ever accepted back from the person it was made for.
 */
import type { Attachment } from 'botbuilder';
import { LINK_TTL_MS } from '../downloads/links.js';
import type { ReportFile } from '../leadership/service.js';
import { createLinkToken, type LinkClaims, verifyLinkToken } from '../shared/signed-link.js';

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** Signed tokens of consent cards. */
export interface FileLinks {
  /** A token for one file, valid for `LINK_TTL_MS`. */
  token(claims: Omit<LinkClaims, 'expires' | 'purpose'>): string;
  /** The token's claims if it is genuine, unexpired and a consent token. */
  verify(token: string): ReturnType<typeof verifyLinkToken>;
}

const CONSENT = 'report-consent';

export function createFileLinks(secret: string, now: () => number): FileLinks {
  return {
    token: (claims) => createLinkToken(secret, { ...claims, purpose: CONSENT, expires: now() + LINK_TTL_MS }),
    verify: (token) => {
      const check = verifyLinkToken(secret, token, now());
      return check.ok && check.claims.purpose !== CONSENT ? { ok: false, reason: 'invalid' } : check;
    },
  };
}

export function consentCard(file: ReportFile, token: string, description: string): Attachment {
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

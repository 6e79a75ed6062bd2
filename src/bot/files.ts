/**
 * Delivering report files in Teams. In a personal chat a bot cannot attach a file directly: it
 * sends a FileConsentCard, Teams asks the person, and on "Tillåt" gives an upload URL in the
 * person's OneDrive; we upload there and show the file card. Where that is not possible (other
 * clients, or the person declines) a signed, expiring download link served by the bot is offered.
 *
 * The consent card carries a signed token naming the file (period, format, person), so accepting
 * regenerates the file: nothing is kept in memory between the question and the answer.
 */
import type { Attachment } from 'botbuilder';
import { createLinkToken, type LinkClaims, verifyLinkToken } from '../shared/signed-link.js';

export interface ReportFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** How long a consent card or a download link stays usable. */
export const LINK_TTL_MS = 30 * 60_000;

export interface FileLinks {
  /** A token for one file, valid for `LINK_TTL_MS`. */
  token(claims: Omit<LinkClaims, 'expires' | 'purpose'>): string;
  verify(token: string): ReturnType<typeof verifyLinkToken>;
  /** The public download URL of a token. */
  url(token: string): string;
}

export function createFileLinks(secret: string, publicUrl: string, now: () => number): FileLinks {
  return {
    token: (claims) =>
      createLinkToken(secret, { ...claims, purpose: 'report', expires: now() + LINK_TTL_MS }),
    verify: (token) => verifyLinkToken(secret, token, now()),
    url: (token) => `${publicUrl.replace(/\/$/, '')}/files/${encodeURIComponent(token)}`,
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

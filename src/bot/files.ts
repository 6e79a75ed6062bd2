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
import type { Request, Response } from 'restify';
import type { Caller } from '../followup/service.js';
import type { ReportFile, ReportFormat } from '../leadership/service.js';
import type { Logger } from '../shared/logger.js';
import { createLinkToken, type LinkClaims, verifyLinkToken } from '../shared/signed-link.js';

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

/** Makes the report file a link names, as the person it was made for (their rights still apply). */
export type ReportSource = (
  caller: Caller,
  periodId: string,
  format: ReportFormat,
) => Promise<ReportFile | null>;

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

/**
 * `GET /files/:token`: the fallback download. A link works once (a second use within its lifetime
 * is refused) and expires. Used links are remembered in this process only: with several instances
 * behind a load balancer a link could be used once per instance; its expiry still holds.
 */
export function createDownloadHandler(deps: {
  readonly links: FileLinks;
  readonly source: ReportSource;
  readonly logger: Logger;
  readonly now: () => number;
}): (req: Request, res: Response) => Promise<void> {
  const used = new Map<string, number>();
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
          ? 'Länken har gått ut. Skriv "rapport" till boten för en ny.'
          : 'Länken är ogiltig.',
      );
      return;
    }
    const now = deps.now();
    for (const [key, expires] of used) if (expires < now) used.delete(key);
    if (used.has(token)) {
      text(410, 'Länken är redan använd. Skriv "rapport" till boten för en ny.');
      return;
    }
    used.set(token, check.claims.expires);
    const { claims } = check;
    try {
      const file = await deps.source(
        { aadObjectId: claims.aadObjectId, teamsName: '' },
        claims.periodId,
        claims.format,
      );
      if (!file) {
        used.delete(token);
        text(403, 'Rapporten kan inte hämtas med den här länken.');
        return;
      }
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-length': String(file.bytes.length),
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
      });
      res.end(file.bytes);
    } catch (error) {
      used.delete(token);
      deps.logger.error('download failed', { error: error instanceof Error ? error.stack : String(error) });
      text(503, 'Rapporten kunde inte skapas just nu. Försök igen om en stund.');
    }
  };
}

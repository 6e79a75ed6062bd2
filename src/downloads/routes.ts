/**
 * `GET /files/:id` shows a page about the link; `POST /files/:id` (the page's button) uses it up
 * and sends the file. The claim is one conditional write in storage, so the link works once across
 * instances and restarts. Refused links get a Swedish page with a 4xx and an audit row (bounded by
 * the refusal throttle).
 */
import type { Request, Response } from 'restify';
import type { AuditLog } from '../followup/ports.js';
import type { Caller } from '../followup/service.js';
import type { ReportFile } from '../leadership/api.js';
import type { Logger } from '../shared/logger.js';
import { StorageUnavailableError } from '../shared/storage-errors.js';
import { LINK_ID } from './links.js';
import { type LinkPage, linkPages, PAGE_HEADERS, renderLinkPage } from './page.js';
import type { DownloadLink, DownloadLinkStore } from './ports.js';

/** The bytes a link sends, under their name. */
export type LinkFile = Pick<ReportFile, 'fileName' | 'contentType' | 'bytes'>;

/**
 * The file a link names: the kept file of a consent card (`link.offerId`), or the report made now
 * as the person it was made for (their rights still apply). Null: refused, or no longer there.
 */
export type ReportSource = (caller: Caller, link: DownloadLink) => Promise<LinkFile | null>;

export interface DownloadRoutesDeps {
  readonly links: DownloadLinkStore;
  readonly source: ReportSource;
  /** What the link gives, for the page: "Delårsrapporten för augusti 2024 – delår 2 som Excel-fil". */
  readonly describe: (link: DownloadLink) => string;
  /** When the link stops working, as people read it: "3 september kl. 10:30". */
  readonly formatTime: (iso: string) => string;
  readonly audit: AuditLog;
  readonly committeeId: string;
  readonly logger: Logger;
  readonly now: () => number;
}

export interface DownloadRoutes {
  /** GET and HEAD: a page with a button; never uses the link. */
  page(req: Request, res: Response): Promise<void>;
  /** POST: uses the link and sends the file. */
  download(req: Request, res: Response): Promise<void>;
}

type Check =
  | { readonly ok: true; readonly link: DownloadLink }
  | { readonly ok: false; readonly page: LinkPage };

export function createDownloadRoutes(deps: DownloadRoutesDeps): DownloadRoutes {
  const send = (res: Response, page: LinkPage) => {
    res.writeHead(page.status, PAGE_HEADERS);
    res.end(renderLinkPage(page));
  };

  /** Audits a refused link (within the refusal limit) and returns the page that says why. */
  const refuse = async (reason: string, link: DownloadLink | null, page: LinkPage): Promise<LinkPage> => {
    await deps.audit.append({
      committeeId: deps.committeeId,
      at: new Date(deps.now()).toISOString(),
      actor: link ? { aadObjectId: link.aadObjectId, name: '' } : null,
      action: 'download.refused',
      outcome: 'refused',
      details: { reason, ...(link ? { periodId: link.periodId, format: link.format } : {}) },
    });
    return page;
  };

  /** What a link is now, read from storage; the id is checked for shape before storage is asked. */
  const check = async (req: Request): Promise<Check> => {
    const id = String((req.params as Record<string, unknown> | undefined)?.token ?? '');
    const refused = async (...args: Parameters<typeof refuse>): Promise<Check> => ({
      ok: false,
      page: await refuse(...args),
    });
    if (!LINK_ID.test(id)) return refused('unknown', null, linkPages.unknown());
    const link = await deps.links.get(id);
    if (link?.purpose !== 'report') return refused('unknown', null, linkPages.unknown());
    if (link.usedAt) return refused('used', link, linkPages.used());
    if (link.expiresAt < new Date(deps.now()).toISOString())
      return refused('expired', link, linkPages.expired());
    return { ok: true, link };
  };

  const guarded = async (res: Response, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      if (!(error instanceof StorageUnavailableError))
        deps.logger.error('download link failed', {
          error: error instanceof Error ? error.stack : String(error),
        });
      if (!res.headersSent) send(res, linkPages.unavailable());
    }
  };

  return {
    page: async (req, res) =>
      guarded(res, async () => {
        const result = await check(req);
        if (!result.ok) return send(res, result.page);
        send(res, linkPages.ready(deps.describe(result.link), deps.formatTime(result.link.expiresAt)));
      }),

    download: async (req, res) =>
      guarded(res, async () => {
        const result = await check(req);
        if (!result.ok) return send(res, result.page);
        const at = new Date(deps.now()).toISOString();
        const claim = await deps.links.claim(result.link.id, at);
        if (claim.kind === 'unknown') return send(res, linkPages.unknown());
        // Another press (here or on another instance) claimed it a moment earlier.
        if (claim.kind === 'used') return send(res, await refuse('used', claim.link, linkPages.used()));
        const { link } = claim;
        let file: LinkFile | null;
        try {
          file = await deps.source({ aadObjectId: link.aadObjectId, teamsName: '' }, link);
        } catch (error) {
          // Not the person's fault: the link stays usable.
          await deps.links.release(link.id, at);
          deps.logger.error('report for a download link failed', {
            error: error instanceof Error ? error.stack : String(error),
          });
          return send(res, linkPages.failed(deps.describe(link)));
        }
        if (!file) return send(res, linkPages.refused());
        res.writeHead(200, {
          'content-type': file.contentType,
          'content-length': String(file.bytes.length),
          'content-disposition': `attachment; filename="${file.fileName}"`,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
          'x-content-type-options': 'nosniff',
        });
        res.end(file.bytes);
      }),
  };
}

/**
 * The only request body parser of the server: JSON, uncompressed, bounded. Everything else is
 * refused before a byte of the body is parsed, buffered or written anywhere (restify's
 * bodyParser wrote multipart uploads to the temp folder and counted only compressed bytes).
 */
import type { Next, Request, Response } from 'restify';

export interface JsonBodyOptions {
  /** Largest accepted body in bytes, as received (compressed bodies are refused anyway). */
  readonly maxBytes: number;
}

/** After a refusal, this much more of the upload is read and dropped so the client sees the answer; then the connection is cut. */
const DISCARD_LIMIT_BYTES = 1024 * 1024;

/** Why a body was refused, with the HTTP status that says so. */
export interface BodyRefusal {
  readonly status: 400 | 411 | 413 | 415;
  readonly error: string;
}

/**
 * Decides from the headers alone whether a body may be read: `null` when it may, a refusal
 * otherwise. Pure, so every rule is visible in one place.
 */
export function refuseByHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  maxBytes: number,
): BodyRefusal | null {
  const encoding = String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  // gzip, deflate, br or anything else: the size limit must hold for what we would hold in memory.
  if (encoding !== '' && encoding !== 'identity') {
    return { status: 415, error: 'compressed request bodies are not accepted' };
  }
  const type = String(headers['content-type'] ?? '');
  const [media = '', ...params] = type.split(';').map((part) => part.trim().toLowerCase());
  if (media !== 'application/json') {
    return { status: 415, error: 'only application/json is accepted' };
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  if (charset !== undefined && charset.replace(/"/g, '') !== 'utf-8') {
    return { status: 415, error: 'only utf-8 is accepted' };
  }
  const lengthText = headers['content-length'];
  if (lengthText !== undefined) {
    const length = Number(lengthText);
    if (!Number.isSafeInteger(length) || length < 0) return { status: 400, error: 'bad content-length' };
    if (length > maxBytes) return { status: 413, error: `request body over ${maxBytes} bytes` };
  }
  return null;
}

function declaresBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * restify middleware: `req.body` becomes the parsed JSON, or stays undefined for a request
 * without a body. GET and HEAD never carry one.
 */
export function jsonBody(options: JsonBodyOptions): (req: Request, res: Response, next: Next) => void {
  return (req, res, next) => {
    const refuse = (refusal: BodyRefusal) => {
      discardRest(req);
      res.setHeader('connection', 'close');
      res.json(refusal.status, { error: refusal.error });
      next(false);
    };
    if (!declaresBody(req)) {
      next();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      refuse({ status: 400, error: 'no request body expected' });
      return;
    }
    const byHeaders = refuseByHeaders(req.headers, options.maxBytes);
    if (byHeaders) {
      refuse(byHeaders);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (refusal: BodyRefusal | null, body?: unknown) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (refusal) {
        refuse(refusal);
        return;
      }
      (req as { body?: unknown }).body = body;
      next();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      // Chunked bodies have no content-length: the limit is checked as bytes arrive.
      if (received > options.maxBytes) {
        finish({ status: 413, error: `request body over ${options.maxBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        finish({ status: 400, error: 'the body is not valid JSON' });
        return;
      }
      finish(null, parsed);
    };
    const onError = () => {
      done = true;
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  };
}

/** Drops the rest of a refused upload without keeping it, up to a bound; beyond it the connection is cut. */
function discardRest(req: Request): void {
  if (req.readableEnded) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT_BYTES) req.socket.destroy();
  });
  req.resume();
}

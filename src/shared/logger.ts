import { pino } from 'pino';

/** The logging the app needs; the composition root decides where lines go. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry `fields` (e.g. activity and conversation ids). */
  child(fields: Record<string, unknown>): Logger;
}

/**
 * Paths pino removes from every line. Tokens must never reach a log, and neither may what
 * managers write (free text can name clients), so card values and message texts are dropped
 * wherever they appear.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  '*.access_token',
  '*.password',
  '*.MicrosoftAppPassword',
  'text',
  '*.text',
  'value',
  '*.value',
  'activity.text',
  'activity.value',
  'results',
  'deviations',
  'comment',
  'motivation',
];

/** JSON lines on stdout (App Service and Application Insights read them), with redaction. */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const base = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'uppfoljningsboten' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, remove: true },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
  return wrap(base);
}

/** Longest string value in a log line; a stack trace (`error`) may be longer. */
const MAX_VALUE = 256;
const MAX_ERROR = 4_000;
const MAX_ITEMS = 20;
const MAX_DEPTH = 4;

/**
 * Bounds every value of a log line, so that a request with megabyte ids cannot write megabyte
 * lines (values from requests reach the logs as correlation ids and error messages).
 */
export function boundFields(fields: Record<string, unknown>): Record<string, unknown> {
  const bound = (value: unknown, key: string, depth: number): unknown => {
    if (typeof value === 'string') {
      const max = key === 'error' ? MAX_ERROR : MAX_VALUE;
      return value.length > max ? `${value.slice(0, max)}…(${value.length} tecken)` : value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '…';
    if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => bound(item, key, depth + 1));
    if (value instanceof Error) return bound(value.stack ?? value.message, 'error', depth);
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, MAX_ITEMS)) result[k] = bound(v, k, depth + 1);
    return result;
  };
  return bound(fields, '', 0) as Record<string, unknown>;
}

function wrap(p: pino.Logger): Logger {
  return {
    info: (message, fields) => p.info(boundFields(fields ?? {}), message),
    warn: (message, fields) => p.warn(boundFields(fields ?? {}), message),
    error: (message, fields) => p.error(boundFields(fields ?? {}), message),
    child: (fields) => wrap(p.child(boundFields(fields))),
  };
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

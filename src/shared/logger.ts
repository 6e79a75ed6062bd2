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

function wrap(p: pino.Logger): Logger {
  return {
    info: (message, fields) => p.info(fields ?? {}, message),
    warn: (message, fields) => p.warn(fields ?? {}, message),
    error: (message, fields) => p.error(fields ?? {}, message),
    child: (fields) => wrap(p.child(fields)),
  };
}

export const silentLogger: Logger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

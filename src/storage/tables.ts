import { AzureNamedKeyCredential, TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { StorageUnavailableError } from '../shared/storage-errors.js';

/** How to reach a Table service: a connection string (Azurite, keys) or an account URL with Entra ID. */
export type TableEndpoint =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | { readonly kind: 'accountUrl'; readonly url: string; readonly credential: TokenCredential }
  | { readonly kind: 'sharedKey'; readonly url: string; readonly account: string; readonly key: string };

/** Table names, one per kind of record. Prefixed so several installations can share an account. */
export interface TableNames {
  readonly answers: string;
  readonly decisions: string;
  readonly conversations: string;
  readonly reminders: string;
  readonly audit: string;
  readonly pauses: string;
  readonly snoozes: string;
  readonly welcomes: string;
  readonly identities: string;
  readonly files: string;
  readonly links: string;
  readonly refusals: string;
}

export function tableNames(prefix = 'uppf'): TableNames {
  return {
    answers: `${prefix}answers`,
    decisions: `${prefix}decisions`,
    conversations: `${prefix}conversations`,
    reminders: `${prefix}reminders`,
    audit: `${prefix}audit`,
    pauses: `${prefix}pauses`,
    snoozes: `${prefix}snoozes`,
    welcomes: `${prefix}welcomes`,
    identities: `${prefix}identities`,
    files: `${prefix}files`,
    links: `${prefix}links`,
    refusals: `${prefix}refusals`,
  };
}

/** Per request; a hanging storage account must not hang a Teams turn (Teams gives up after ~15 s). */
const REQUEST_TIMEOUT_MS = 8_000;

const clientOptions = (insecure: boolean): TableServiceClientOptions => ({
  // The SDK retries 408, 429, 5xx and network errors; the defaults wait up to a minute, too long
  // for a user waiting in Teams.
  retryOptions: { maxRetries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 },
  allowInsecureConnection: insecure,
});

export function createTableClient(endpoint: TableEndpoint, table: string): TableClient {
  let client: TableClient;
  switch (endpoint.kind) {
    case 'connectionString': {
      const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:\/\//i.test(
        endpoint.connectionString,
      );
      client = TableClient.fromConnectionString(endpoint.connectionString, table, clientOptions(insecure));
      break;
    }
    case 'accountUrl':
      client = new TableClient(endpoint.url, table, endpoint.credential, clientOptions(false));
      break;
    case 'sharedKey':
      client = new TableClient(
        endpoint.url,
        table,
        new AzureNamedKeyCredential(endpoint.account, endpoint.key),
        clientOptions(endpoint.url.startsWith('http://')),
      );
      break;
  }
  client.pipeline.addPolicy({
    name: 'uppfoljning-timeout',
    sendRequest: (request, next) => {
      if (!request.timeout) request.timeout = REQUEST_TIMEOUT_MS;
      return next(request);
    },
  });
  return client;
}

interface RestLikeError {
  statusCode?: number;
  code?: string;
}

export function statusOf(error: unknown): number | undefined {
  return (error as RestLikeError | null)?.statusCode;
}

/** True for errors that mean storage itself is unwell rather than our request being refused. */
function isOutage(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return true; // network errors, timeouts, DNS
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Runs one storage operation. Retries already happened in the SDK pipeline; what still fails
 * with an outage becomes a `StorageUnavailableError` the bot can explain. Other errors
 * (our own bugs, 400s) pass through unchanged.
 */
export async function guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StorageUnavailableError) throw error;
    if (isOutage(error)) {
      throw new StorageUnavailableError(`Lagringen svarar inte (${what})`, { cause: error });
    }
    throw error;
  }
}

/** Creates the table if missing; concurrent creators are fine. */
export async function ensureTable(client: TableClient): Promise<void> {
  await guard(`create table ${client.tableName}`, () => client.createTable());
}

const CHUNK = 30_000; // a string property holds at most 64 KiB (32 K UTF-16 units)

/** JSON payloads are split over several string properties to stay under the property limit. */
export function payloadProperties(value: unknown): Record<string, string | number> {
  return payloadPropertiesOf(JSON.stringify(value));
}

/** The same, from the JSON text (when the caller also needs the text, e.g. to hash it). */
export function payloadPropertiesOf(json: string): Record<string, string | number> {
  const props: Record<string, string | number> = {
    payloadParts: Math.max(1, Math.ceil(json.length / CHUNK)),
  };
  for (let i = 0; i * CHUNK < json.length || i === 0; i++)
    props[`payload${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
  return props;
}

export function readPayload(entity: Record<string, unknown>): unknown {
  return JSON.parse(readPayloadText(entity));
}

/** The payload's JSON text exactly as stored. */
export function readPayloadText(entity: Record<string, unknown>): string {
  const parts = Number(entity.payloadParts ?? 1);
  let json = '';
  for (let i = 0; i < parts; i++) json += String(entity[`payload${i}`] ?? '');
  return json;
}

/**
 * The B1 baselines: the smallest botbuilder bot on the same stack as ours (restify 12, the same
 * body parser, CloudAdapter without authentication). Invokes get a tiny card back in the invoke
 * response, messages get their text echoed through the connector.
 *
 * The storage floor: the same bot plus exactly what a versioned save cannot do without, one
 * `getEntity` (the current row) and one entity-group transaction (the new version) per invoke,
 * through our table client (`createTableClient`, the same @azure/data-tables pipeline).
 */
import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';
import { createTableClient, ensureTable, statusOf } from '../../src/storage/tables.js';

type FloorClient = ReturnType<typeof createTableClient>;

class EchoBot extends ActivityHandler {
  constructor(private readonly floor: FloorClient | null) {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(context.activity.text ?? '');
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (this.floor) await floorSave(this.floor, context.activity.id ?? 'x', invokeValue);
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: {
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'TextBlock', text: `Eko: ${invokeValue.action.verb}` }],
      },
    };
  }
}

/** One read of the current row (usually a 404) and one transaction writing the next version. */
async function floorSave(
  client: FloorClient,
  id: string,
  invokeValue: AdaptiveCardInvokeValue,
): Promise<void> {
  const partitionKey = 'floor';
  try {
    await client.getEntity(partitionKey, id);
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  await client.submitTransaction([
    ['upsert', { partitionKey, rowKey: id, payload: JSON.stringify(invokeValue.action.data ?? {}) }],
  ]);
}

export interface EchoServer {
  readonly url: string;
  close(): Promise<void>;
}

/** `floor`: the storage-floor bot on this Azurite, in its own table. */
export async function startEchoBot(floor?: { connectionString: string; table: string }): Promise<EchoServer> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const client = floor
    ? createTableClient({ kind: 'connectionString', connectionString: floor.connectionString }, floor.table)
    : null;
  if (client) await ensureTable(client);
  const bot = new EchoBot(client);
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(
    restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false, requestBodyOnGet: false }),
  );
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

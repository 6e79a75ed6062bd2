/**
 * A TCP proxy on 127.0.0.1 whose target can be changed: the app keeps one storage address while
 * Azurite is stopped and started again on another port (the R5 storage outage test).
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port the app connects to. */
  readonly port: number;
  /**
   * Sends new connections to `port` (null: refuse them) and cuts the open ones, so no
   * keep-alive connection to the old target survives.
   */
  setTarget(port: number | null): void;
  close(): Promise<void>;
}

export async function startTcpProxy(initialTarget: number | null): Promise<TcpProxy> {
  let target = initialTarget;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    client.on('error', () => client.destroy());
    if (target === null) {
      client.destroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    track(upstream);
    upstream.on('error', () => {
      upstream.destroy();
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    port,
    setTarget(next) {
      target = next;
      cutAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}

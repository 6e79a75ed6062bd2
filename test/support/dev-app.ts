/** The real app (startApp) with its /dev routes, for the dev page tests. */
import type { DevRoutes } from '../../src/dev/register.js';
import { type RunningApp, startApp } from '../../src/index.js';
import type { Logger } from '../../src/shared/logger.js';

export interface DevApp {
  readonly app: RunningApp;
  readonly dev: DevRoutes;
  /** The app on 127.0.0.1 (the server listens on IPv4 only). */
  readonly url: string;
  stop(): Promise<void>;
}

export async function startDevApp(
  env: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<DevApp> {
  const app = await startApp(env, logger);
  if (!app.dev) {
    await app.stop();
    throw new Error('the app did not mount /dev: bot authentication must be off');
  }
  return {
    app,
    dev: app.dev,
    url: app.url.replace('//localhost:', '//127.0.0.1:'),
    stop: () => app.stop(),
  };
}

/**
 * Installs the bot's Teams app for a user through Microsoft Graph:
 * `POST {base}/users/{id}/teamwork/installedApps` with the app's id in the organisation's app
 * catalog (configured, not looked up: a lookup needs AppCatalog.Read.All on top). Needs the
 * application permission TeamsAppInstallation.ReadWriteSelfForUser.All (deployment/README.md).
 * Teams then sends the bot its install event, which stores the conversation and greets them.
 *
 * One HTTP request per call, after the throttle's `beforeRequest`; the delivery
 * (src/reminders/delivery.ts) owns claims, throttle and retries, as for messages. Installed (201)
 * and already installed (409) are results; everything else is a `DeliveryError` with the status
 * and Retry-After.
 */
import type { AppInstaller } from '../reminders/install.js';
import { DeliveryError, parseRetryAfter, type SendOptions } from '../reminders/sender.js';

export interface GraphAppInstallerOptions {
  /** E.g. `https://graph.microsoft.com/v1.0`; tests point it at a fake on 127.0.0.1. */
  readonly baseUrl: string;
  /** The app's id in the tenant's Teams app catalog (`teamsApp` id, not the manifest id). */
  readonly catalogAppId: string;
  /** An app-only access token for Graph. */
  readonly token: () => Promise<string>;
  /** Per request; Graph answers well within this. */
  readonly timeoutMs?: number;
}

export function createGraphAppInstaller(options: GraphAppInstallerOptions): AppInstaller {
  const base = options.baseUrl.replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  return {
    async install(aadObjectId: string, sendOptions?: SendOptions) {
      let response: Response;
      try {
        const token = await options.token();
        await sendOptions?.beforeRequest?.();
        response = await fetch(`${base}/users/${encodeURIComponent(aadObjectId)}/teamwork/installedApps`, {
          method: 'POST',
          headers: {
            // No token only without bot authentication (development against a fake Graph).
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            'teamsApp@odata.bind': `${base}/appCatalogs/teamsApps/${encodeURIComponent(options.catalogAppId)}`,
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (error instanceof DeliveryError) throw error;
        // The throttle's "budget spent" and network errors alike: no status, the policy decides.
        throw new DeliveryError(`Graph install failed: ${String(error)}`, null, null, { cause: error });
      }
      const text = await response.text().catch(() => '');
      const status = response.status;
      if (status === 201 || status === 200) return 'installed';
      // Graph says 409 Conflict when the app is already installed for the user.
      if (status === 409) return 'already-installed';
      throw new DeliveryError(
        `Graph install failed (${status}): ${graphMessage(text)}`,
        status,
        parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      );
    },
  };
}

function graphMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string } };
    return [parsed.error?.code, parsed.error?.message].filter(Boolean).join(': ') || body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/**
 * An app-only Microsoft Graph token for the bot's own Entra app: the client secret
 * (MultiTenant, SingleTenant) or the user-assigned managed identity (UserAssignedMSI). The
 * identity library caches and refreshes the token.
 */
import type { TokenCredential } from '@azure/identity';
import type { BotSettings } from '../config/settings.js';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** `tenantId`: the tenant whose users get the app. Without authentication (development): no token. */
export function graphTokenProvider(bot: BotSettings, tenantId: string): () => Promise<string> {
  if (!bot.authEnabled) return async () => '';
  let credential: TokenCredential | null = null;
  return async () => {
    // Loaded only when used, as for storage: the library is large and unused in development.
    if (!credential) {
      const { ClientSecretCredential, ManagedIdentityCredential } = await import('@azure/identity');
      credential =
        bot.appType === 'UserAssignedMSI'
          ? new ManagedIdentityCredential({ clientId: bot.appId })
          : new ClientSecretCredential(tenantId, bot.appId, bot.appPassword);
    }
    const token = await credential.getToken(GRAPH_SCOPE);
    if (!token) throw new Error('no Microsoft Graph token');
    return token.token;
  };
}

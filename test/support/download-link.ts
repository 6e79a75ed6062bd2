/**
 * A person's browser and a link scanner on a download link: opening it (GET, what Safe Links
 * does), pressing the page's button (the form's POST, with no body, as a browser sends it).
 */
import type { FakeTeams } from './fake-teams.js';

export interface LinkResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
  readonly text: string;
}

async function read(response: Response): Promise<LinkResponse> {
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body, text: body.toString('utf8') };
}

/** GET: the page about the link. */
export async function openLink(baseUrl: string, path: string): Promise<LinkResponse> {
  return read(await fetch(`${baseUrl}${path}`, { redirect: 'manual' }));
}

/** The page's button: a form POST to the same address, without fields. */
export async function pressDownload(baseUrl: string, path: string): Promise<LinkResponse> {
  return read(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' },
      redirect: 'manual',
    }),
  );
}

/** The `/files/<id>` path of the newest link the bot sent to the conversation after `after` activities. */
export async function linkPathSent(fake: FakeTeams, conversationId: string, after: number): Promise<string> {
  const message = await fake.waitFor(
    (a) =>
      a.conversationId === conversationId &&
      /\/files\//.test(a.text ?? '') &&
      fake.activities(conversationId).indexOf(a) >= after,
  );
  const path = /\/files\/[A-Za-z0-9_-]+/.exec(message.text ?? '')?.[0];
  if (!path) throw new Error(`no link in ${message.text}`);
  return path;
}

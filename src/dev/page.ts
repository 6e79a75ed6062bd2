/**
 * `GET /dev`: the local chat page (Swedish), with Bot Framework Web Chat served from
 * node_modules (`GET /dev/webchat.js`, never a CDN) and the page's own script served from
 * src/dev/browser/ (`GET /dev/browser/…`), connected through the bridge.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'restify';
import { swedishDateTime } from '../shared/swedish-format.js';
import { conversationIdFor, type DevIdentity } from './identities.js';

export interface PageOptions {
  readonly identities: readonly DevIdentity[];
  readonly committeeName: string;
  /** Shows "Kör påminnelser nu" only when the reminders feature is wired in. */
  readonly hasReminders: boolean;
  /** The app's clock, to say which day the app believes it is. */
  readonly now?: () => Date;
}

/** The directory of the installed botframework-webchat package (its exports hide package.json). */
export function webChatPackageDir(): string {
  const main = createRequire(import.meta.url).resolve('botframework-webchat');
  let dir = path.dirname(main);
  while (path.basename(dir) !== 'botframework-webchat' && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

interface ScriptFile {
  readonly body: Buffer;
  readonly etag: string;
}

/** Serves one JavaScript file, read once (on first use), with an ETag and caching for `maxAge` s. */
function scriptHandler(
  load: () => Promise<ScriptFile>,
  maxAge: number,
): (req: Request, res: Response) => Promise<void> {
  let loaded: Promise<ScriptFile> | undefined;
  return async (req, res) => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    const { body, etag } = await loaded;
    const headers = {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': maxAge > 0 ? `public, max-age=${maxAge}` : 'no-cache',
      etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  };
}

/** Serves the Web Chat UMD bundle (`window.WebChat`), read once, with validators and caching. */
export function webChatScriptHandler(): (req: Request, res: Response) => Promise<void> {
  return scriptHandler(async () => {
    const dir = webChatPackageDir();
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    const body = await readFile(path.join(dir, 'dist', 'webchat.js'));
    return { body, etag: `"webchat-${pkg.version}-${body.length}"` };
  }, 3600);
}

/**
 * The page's own scripts: ES modules in src/dev/browser/ (linted like the rest; tsc copies them
 * to dist/dev/browser/, so `npm start` serves the built copy and the tests the source).
 */
export const BROWSER_SCRIPTS = ['dev-page.js', 'direct-line.js'] as const;
const browserDir = fileURLToPath(new URL('./browser/', import.meta.url));

/** A `GET /dev/browser/<name>` route for each of BROWSER_SCRIPTS, read on first use. */
export function browserScriptHandlers(): ReadonlyMap<string, (req: Request, res: Response) => Promise<void>> {
  return new Map(
    BROWSER_SCRIPTS.map((name) => [
      `/dev/browser/${name}`,
      scriptHandler(async () => {
        const body = await readFile(path.join(browserDir, name));
        return { body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
      }, 0),
    ]),
  );
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

/** JSON inside a <script> element: `<` escaped so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function pageHandler(options: PageOptions): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const wanted = new URL(req.url ?? '/dev', 'http://dev').searchParams.get('som');
    const identity = options.identities.find((i) => i.aadObjectId === wanted) ?? options.identities[0];
    if (!identity) {
      res.send(500, 'Inga identiteter i konfigurationen');
      return;
    }
    const html = renderPage(options, identity);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };
}

function renderPage(options: PageOptions, identity: DevIdentity): string {
  const config = {
    conversationId: conversationIdFor(identity.aadObjectId),
    userId: `29:${identity.aadObjectId}`,
    username: identity.name,
    initials: identity.name
      .split(/\s+/)
      .map((part) => part.charAt(0))
      .join('')
      .slice(0, 2)
      .toUpperCase(),
  };
  const choices = options.identities
    .map(
      (i) =>
        `<option value="${escapeHtml(i.aadObjectId)}"${i === identity ? ' selected' : ''}>${escapeHtml(
          `${i.name} – ${i.description}`,
        )}</option>`,
    )
    .join('\n          ');
  const clock = options.now
    ? `Appens klocka: ${swedishDateTime(options.now(), 'Europe/Stockholm', { weekday: true })}`
    : '';
  return `<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Uppföljningsboten – testsida</title>
  <link rel="icon" href="data:,">
  <style>
    * { box-sizing: border-box; }
    /* Web Chat's card renderer squeezes FactSet titles letter by letter next to long values. */
    .ac-factset .ac-fact-title, .ac-factset td:first-child { white-space: nowrap; }
    html, body { height: 100%; margin: 0; }
    body { font-family: "Segoe UI", system-ui, sans-serif; background: #f3f2f1; color: #201f1e; display: flex; }
    aside { width: 320px; flex: none; padding: 20px; background: #fff; border-right: 1px solid #e1dfdd; overflow-y: auto; }
    aside h1 { font-size: 18px; margin: 0 0 4px; }
    aside p { font-size: 13px; line-height: 1.4; color: #484644; }
    label { display: block; font-weight: 600; font-size: 13px; margin: 16px 0 4px; }
    select, button { width: 100%; font: inherit; font-size: 14px; padding: 8px; border-radius: 4px; }
    select { border: 1px solid #8a8886; background: #fff; }
    button { margin-top: 8px; border: 1px solid #5b5fc7; background: #5b5fc7; color: #fff; cursor: pointer; }
    button.secondary { background: #fff; color: #5b5fc7; }
    button:disabled { opacity: .6; cursor: default; }
    #who { margin-top: 6px; }
    #status { min-height: 1.4em; font-size: 13px; color: #0b6a0b; }
    #status.error { color: #a4262c; }
    .note { border-top: 1px solid #e1dfdd; margin-top: 20px; padding-top: 12px; }
    main { flex: 1; min-width: 0; display: flex; flex-direction: column; }
    main header { padding: 12px 20px; background: #5b5fc7; color: #fff; font-weight: 600; }
    #webchat { flex: 1; min-height: 0; background: #fff; }
    /* A phone (390 px): the chat takes the whole width; the side panel shrinks to one row on top. */
    @media (max-width: 720px) {
      body { flex-direction: column; }
      main { min-height: 0; }
      aside { width: auto; padding: 6px 10px; border-right: none; border-bottom: 1px solid #e1dfdd;
        display: flex; flex-wrap: wrap; gap: 6px; align-items: center; overflow: visible; }
      aside h1, aside > p:not(#status), aside .note { display: none; }
      aside label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      aside select { flex: 1 1 100%; padding: 6px; }
      aside button { flex: 1 1 0; width: auto; margin: 0; padding: 6px; font-size: 13px; }
      #status:empty { display: none; }
      #status { flex: 1 1 100%; margin: 0; }
      main header { padding: 8px 12px; font-size: 14px; }
    }
  </style>
</head>
<body>
  <aside>
    <h1>Uppföljningsboten</h1>
    <p>Testsida utan Teams för ${escapeHtml(options.committeeName)}. Du chattar med den riktiga boten via en lokal brygga.</p>
    <label for="identity">Du är</label>
    <select id="identity">
          ${choices}
    </select>
    <p id="who">${escapeHtml(identity.description)}</p>
    <button type="button" id="install">Skicka installationshändelse</button>
    ${options.hasReminders ? '<button type="button" id="reminders" class="secondary">Kör påminnelser nu</button>' : ''}
    <p id="status" role="status" aria-live="polite"></p>
    <div class="note">
      <p>Varje person har en egen konversation. Installationshändelsen gör att boten kan nå personen med påminnelser, som i Teams.</p>
      <p>Skriv <strong>rapportera</strong>, <strong>status</strong> eller <strong>hjälp</strong>.</p>
      ${clock ? `<p>${escapeHtml(clock)}</p>` : ''}
      <p>Sidan finns bara när bot-autentiseringen är avstängd, aldrig i produktion.</p>
    </div>
  </aside>
  <main>
    <header id="chat-title">Chatt med Uppföljningsboten som ${escapeHtml(identity.name)}</header>
    <div id="webchat" role="main"></div>
  </main>
  <script id="dev-config" type="application/json">${scriptJson(config)}</script>
  <script src="/dev/webchat.js"></script>
  <script type="module" src="/dev/browser/dev-page.js"></script>
</body>
</html>
`;
}

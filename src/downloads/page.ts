/**
 * The small Swedish pages of a download link. Opening the link only shows a page; the button posts
 * a form to the same address and that starts the download. Link scanners (Safe Links in
 * Microsoft 365 opens every link in a message) only GET, so they never use a link up.
 */
import { LINK_TTL_MS } from './links.js';

export interface LinkPage {
  readonly status: number;
  readonly title: string;
  readonly text: string;
  /** The label of the download button; none on pages that end the matter. */
  readonly button?: string;
  readonly note?: string;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const NEW_LINK = 'Skriv ”rapport” till Uppföljningsboten i Teams så får du en ny länk.';

export const linkPages = {
  ready: (what: string, until: string): LinkPage => ({
    status: 200,
    title: 'Ladda ned rapporten',
    text: `${what}. Länken fungerar en gång och gäller till ${until}.`,
    button: 'Ladda ned',
    note: 'Filen hämtas först när du trycker på knappen.',
  }),
  used: (): LinkPage => ({
    status: 410,
    title: 'Länken är redan använd',
    text: `En nedladdningslänk fungerar bara en gång, och den här har redan använts. ${NEW_LINK}`,
  }),
  expired: (): LinkPage => ({
    status: 410,
    title: 'Länken har gått ut',
    text: `Nedladdningslänkar gäller i ${Math.round(LINK_TTL_MS / 60_000)} minuter. ${NEW_LINK}`,
  }),
  unknown: (): LinkPage => ({
    status: 404,
    title: 'Länken känns inte igen',
    text: `Länken är inte en nedladdningslänk från den här boten, eller så är den felskriven eller borttagen. ${NEW_LINK}`,
  }),
  refused: (): LinkPage => ({
    status: 403,
    title: 'Rapporten kan inte hämtas',
    text: 'Den som länken skapades för har inte längre rätt att hämta rapporten, eller så finns inga svar för perioden. Kontakta systemförvaltaren om det är fel.',
  }),
  unavailable: (): LinkPage => ({
    status: 503,
    title: 'Försök igen om en stund',
    text: 'Boten når inte sin lagring just nu. Länken är inte förbrukad: ladda om sidan om en stund.',
  }),
  failed: (what: string): LinkPage => ({
    status: 503,
    title: 'Rapporten kunde inte skapas just nu',
    text: `${what} kunde inte skapas. Länken är inte förbrukad: försök igen om en stund.`,
    button: 'Försök igen',
  }),
} as const;

/** The page as HTML: no scripts, no outside resources; the form posts back to this address. */
export function renderLinkPage(page: LinkPage): string {
  const form = page.button
    ? `<form method="post"><button type="submit">${escapeHtml(page.button)}</button></form>`
    : '';
  const note = page.note ? `<p class="note">${escapeHtml(page.note)}</p>` : '';
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(page.title)} – Uppföljningsboten</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;margin:0;background:#f5f5f5;color:#242424}
main{max-width:32rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin-top:0}
button{font:inherit;font-weight:600;padding:.6rem 1.6rem;border:0;border-radius:4px;background:#5b5fc7;color:#fff;cursor:pointer}
.note{color:#616161;font-size:.9rem}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.text)}</p>
${form}
${note}
</main>
</body>
</html>
`;
}

/** Headers of every link page: never cached, never framed, never sends the link on as a referrer. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

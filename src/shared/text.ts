/**
 * What people type, made comparable: lower case, diacritics removed (å→a, ä→a, ö→o, é→e), Teams
 * mentions and punctuation dropped, spaces collapsed.
 */
export function normalise(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

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

/** Swedish genitive: "AMF:s", "Linvux", "Anna Linds", "CFV:s". */
export function genitive(name: string): string {
  if (/[A-ZÅÄÖ0-9]$/.test(name)) return `${name}:s`;
  if (/[sxz]$/i.test(name)) return name;
  return `${name}s`;
}

/** "Förvaltningschef IAF" as it reads mid-sentence: "förvaltningschef IAF". */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('sv-SE') + text.slice(1);
}

/** "augusti 2024" as a heading or at the start of a sentence: "Augusti 2024". */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

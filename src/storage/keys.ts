/**
 * Azure Table keys may not contain `/ \ # ?` or control characters. We percent-encode those,
 * `%` itself and `|`, which we use to join key parts, so every key is reversible and parts never
 * run into each other.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what Azure forbids in keys
const UNSAFE = /[%|/\\#?\u0000-\u001f\u007f-\u009f]/g;

export function escapeKeyPart(part: string): string {
  return part.replace(UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function unescapeKeyPart(part: string): string {
  return part.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export function joinKey(...parts: readonly string[]): string {
  return parts.map(escapeKeyPart).join('|');
}

export function splitKey(key: string): string[] {
  return key.split('|').map(unescapeKeyPart);
}

/** The smallest string greater than every key that starts with `prefix` (for range queries). */
export function prefixEnd(prefix: string): string {
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}

/** OData string literal for a filter: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Reading a .docx the way the accessibility checks need: its parts, paragraphs, tables and drawings. */
import JSZip from 'jszip';

export function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface DocxParts {
  readonly zip: JSZip;
  readonly document: string;
  readonly styles: string;
  readonly core: string;
  readonly headers: readonly string[];
}

export async function openDocx(buffer: Buffer): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(buffer);
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const headerNames = Object.keys(zip.files).filter((f) => /^word\/header\d*\.xml$/.test(f));
  return {
    zip,
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    core: await read('docProps/core.xml'),
    headers: await Promise.all(headerNames.map(read)),
  };
}

export const textOf = (xml: string): string =>
  unescapeXml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));

export function paragraphs(xml: string): { style: string | null; text: string; xml: string }[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? null,
    text: textOf(m[0]),
    xml: m[0],
  }));
}

/** Top-level and nested tables alike, each as its rows' XML. */
export function tables(xml: string): string[][] {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) => r[0]),
  );
}

/** Every drawing's `wp:docPr` attributes: name, title and description (alt text). */
export function drawings(xml: string): { title: string; descr: string }[] {
  return [...xml.matchAll(/<wp:docPr ([^>]*)\/?>/g)].map((m) => ({
    title: unescapeXml(/ ?title="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? ''),
    descr: unescapeXml(/ ?descr="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? ''),
  }));
}

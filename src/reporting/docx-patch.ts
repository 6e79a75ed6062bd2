/**
 * Fills the template's placeholders with docx's `patchDocument`, at the same cost whatever the
 * report's size. The patcher walks the whole document once per placeholder, sections already
 * inserted included, and that walk grows with the square of the paragraphs it meets (ten seconds
 * and more at 400 units). So every section placeholder is first patched with a one-paragraph
 * marker, all sections go in through one extra placeholder patched last (its walk meets only the
 * template), and each section's XML is then moved from there to its marker. What the patcher does
 * for the inserted content (lists, styles, images, ids) is done as before, in one place.
 */
import { type IPatch, Paragraph, PatchType, patchDocument, TextRun } from 'docx';
import JSZip from 'jszip';
import type { Block } from './docx-kit.js';

const DOCUMENT = 'word/document.xml';
/** The extra placeholder; the template check refuses unknown placeholders, so no template has it. */
const COLLECTOR = 'uppf_alla_avsnitt';
/** Private-use characters: no report text contains them. */
const MARK = '\uE000';
const placeMark = (name: string) => `${MARK}plats:${name}${MARK}`;
const startMark = (name: string) => `${MARK}start:${name}${MARK}`;
const END_MARK = `${MARK}slut${MARK}`;

const markerParagraph = (value: string) => new Paragraph({ children: [new TextRun(value)] });

export interface TemplatePatch {
  readonly template: Uint8Array;
  /** Placeholder → its text (body, header, footer). */
  readonly texts: Readonly<Record<string, string>>;
  /** Placeholder → the section's blocks, in the template's order; no blocks removes the paragraph. */
  readonly sections: ReadonlyMap<string, readonly Block[]>;
  readonly properties: { readonly creator: string; readonly title: string; readonly description: string };
}

/** The template with the collector's paragraph first in its body. */
async function withCollector(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file(DOCUMENT)?.async('string');
  const body = xml === undefined ? null : /<w:body(?:\s[^>]*)?>/.exec(xml);
  if (xml === undefined || !body) throw new Error('mallen saknar dokumentets text (word/document.xml)');
  const at = body.index + body[0].length;
  zip.file(DOCUMENT, `${xml.slice(0, at)}<w:p><w:r><w:t>{{${COLLECTOR}}}</w:t></w:r></w:p>${xml.slice(at)}`);
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
}

/** Where the paragraph holding `marker` starts and ends in `xml`. */
function paragraphAround(xml: string, marker: string): { start: number; end: number } {
  const at = xml.indexOf(marker);
  if (at < 0) throw new Error(`rapporten saknar sin markör ${marker.replaceAll(MARK, '')}`);
  const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
  return { start, end: xml.indexOf('</w:p>', at) + '</w:p>'.length };
}

/** Moves each section's XML from the collector to its placeholder's marker, and drops the collector. */
function moveSections(xml: string, names: readonly string[]): string {
  const starts = names.map((name) => paragraphAround(xml, startMark(name)));
  const end = paragraphAround(xml, END_MARK);
  const cuts: { start: number; end: number; text: string }[] = [
    { start: starts[0]?.start ?? end.start, end: end.end, text: '' },
  ];
  names.forEach((name, i) => {
    let chunk = xml.slice(starts[i]?.end ?? 0, (starts[i + 1] ?? end).start);
    const place = paragraphAround(xml, placeMark(name));
    // A table cell must end with a paragraph, as the patcher itself ensures.
    if (xml.startsWith('</w:tc>', place.end) && chunk.endsWith('</w:tbl>')) chunk += '<w:p/>';
    cuts.push({ ...place, text: chunk });
  });
  cuts.sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(xml.slice(from, cut.start), cut.text);
    from = cut.end;
  }
  pieces.push(xml.slice(from));
  return pieces.join('');
}

/** The filled template as a .docx. */
export async function patchTemplate(input: TemplatePatch): Promise<Buffer> {
  const patches: Record<string, IPatch> = {};
  for (const [name, value] of Object.entries(input.texts))
    patches[name] = { type: PatchType.PARAGRAPH, children: [new TextRun(value)] };
  const filled = [...input.sections].filter(([, blocks]) => blocks.length > 0).map(([name]) => name);
  const collected: Block[] = [];
  for (const [name, blocks] of input.sections) {
    patches[name] = {
      type: PatchType.DOCUMENT,
      children: blocks.length > 0 ? [markerParagraph(placeMark(name))] : [],
    };
    if (blocks.length > 0) collected.push(markerParagraph(startMark(name)), ...blocks);
  }
  collected.push(markerParagraph(END_MARK));
  // Last, so that the placeholders before it are looked for in the template alone.
  patches[COLLECTOR] = { type: PatchType.DOCUMENT, children: collected };
  const bytes = await patchDocument({
    outputType: 'nodebuffer',
    data: await withCollector(input.template),
    patches,
    keepOriginalStyles: true,
    trimPlaceholders: true,
    properties: { ...input.properties },
  });
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file(DOCUMENT)?.async('string')) ?? '';
  zip.file(DOCUMENT, moveSections(xml, filled));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

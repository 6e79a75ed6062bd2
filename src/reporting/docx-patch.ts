/**
 * Fills the template's placeholders with docx's `patchDocument`, at the same cost whatever the
 * report's size. The patcher walks the whole document once per placeholder, and turns each
 * inserted block into XML, parses it back and copies it once per kind of id it renumbers: at 400
 * units that was seconds and hundreds of megabytes. So every section placeholder is patched with a
 * one-paragraph marker, and the sections go in through one extra placeholder patched last (its walk
 * meets only the template), holding only what needs the patcher: images, and the first block that
 * uses each list or style (the patcher gives the reference its id in this document). Every other
 * block is written once as XML here, in chunks that stand behind one marker each, and takes the
 * ids the patcher gave. Then each section's XML is moved from the collector to its placeholder.
 */
import { type IPatch, Paragraph, PatchType, patchDocument, type Table, TextRun } from 'docx';
import JSZip from 'jszip';
import { type Block, XmlBlock } from './docx-kit.js';
import { blockXml, type FormatContext } from './docx-xml.js';
import { type ZipEntry, zipParts } from './docx-zip.js';

const DOCUMENT = 'word/document.xml';
/** The extra placeholder; the template check refuses unknown placeholders, so no template has it. */
const COLLECTOR = 'uppf_alla_avsnitt';
/** Private-use characters: no report text contains them. */
const MARK = '\uE000';
const placeMark = (name: string) => `${MARK}plats:${name}${MARK}`;
const START = 'start:';
const CHUNK = 'bit:';
const REPRESENTATIVE = 'forst:';
const startMark = (name: string) => `${MARK}${START}${name}${MARK}`;
const chunkMark = (n: number) => `${MARK}${CHUNK}${n}${MARK}`;
const representativeMark = (n: number) => `${MARK}${REPRESENTATIVE}${n}${MARK}`;
const END_MARK = `${MARK}slut${MARK}`;

const markerParagraph = (value: string) => new Paragraph({ children: [new TextRun(value)] });

export interface TemplatePatch {
  readonly template: Uint8Array;
  /** Placeholder → its text (body, header, footer). */
  readonly texts: Readonly<Record<string, string>>;
  /**
   * Placeholder → the section's blocks, in the template's order; no blocks removes the paragraph.
   * Read once, a section at a time: each is written before the next is asked for.
   */
  readonly sections: Iterable<readonly [string, readonly Block[]]>;
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
function paragraphAround(xml: string, marker: string, from = 0): { start: number; end: number } {
  const at = xml.indexOf(marker, from);
  if (at < 0) throw new Error(`rapporten saknar sin markör ${marker.replaceAll(MARK, '')}`);
  return paragraphAt(xml, at);
}

function paragraphAt(xml: string, at: number): { start: number; end: number } {
  const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
  return { start, end: xml.indexOf('</w:p>', at) + '</w:p>'.length };
}

interface Marker {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** The marker paragraphs in `xml` from `from` to `to`, in order. */
function markersIn(xml: string, from: number, to: number): Marker[] {
  const found: Marker[] = [];
  for (let at = xml.indexOf(MARK, from); at >= 0 && at < to; ) {
    const close = xml.indexOf(MARK, at + 1);
    found.push({ label: xml.slice(at + 1, close), ...paragraphAt(xml, at) });
    at = xml.indexOf(MARK, close + 1);
  }
  return found;
}

/** The references the patcher renumbers in what it inserts: the list and the styles of a paragraph. */
const REFERENCE = /<w:(numId|pStyle|rStyle|tblStyle) w:val="([^"]*)"\/>/g;
/** What only the patcher places: drawings, links, bookmarks, notes, theme colours, tracked changes. */
const PATCHER_ONLY =
  /<w:drawing|<w:pict|<w:object|<w:hyperlink|<w:bookmark|<w:\w+Reference[ />]|w:themeColor|<mc:AlternateContent|<w:ins |<w:del /;

const referencesIn = (xml: string) => [...xml.matchAll(REFERENCE)].map((m) => `${m[1]}=${m[2]}`);

/**
 * Which blocks go through the patcher and which are written here. A block goes through the patcher
 * when only it can place what the block holds (an image), or when it is the first to use a list or
 * a style: the patcher then gives that reference its id in this document, and the blocks written
 * here take the same id. The others are written here, joined into chunks, one marker each.
 */
interface Plan {
  /** The placeholders of the sections, in order, and whether each has blocks. */
  readonly filled: ReadonlyMap<string, boolean>;
  readonly collected: (Paragraph | Table)[];
  /** Our XML of each block that went through the patcher for its references, by its marker. */
  readonly representatives: string[];
  readonly chunks: string[][];
}

class PatcherOnly extends Error {}

function plan(sections: TemplatePatch['sections']): Plan {
  const context: FormatContext = {
    file: {
      Media: {
        addImage: () => {
          throw new PatcherOnly();
        },
      },
    },
    stack: [],
  };
  const written = (block: Block): string | null => {
    if (block instanceof XmlBlock) return block.xml;
    try {
      const xml = blockXml(block, context);
      return PATCHER_ONLY.test(xml) ? null : xml;
    } catch (error) {
      if (error instanceof PatcherOnly) return null;
      throw error;
    }
  };
  const collected: (Paragraph | Table)[] = [];
  const representatives: string[] = [];
  const chunks: string[][] = [];
  const seen = new Set<string>();
  const filled = new Map<string, boolean>();
  for (const [name, blocks] of sections) {
    filled.set(name, blocks.length > 0);
    if (blocks.length === 0) continue;
    collected.push(markerParagraph(startMark(name)));
    let open: string[] | null = null;
    for (const block of blocks) {
      const xml = written(block);
      const references = xml === null ? [] : referencesIn(xml);
      if (xml === null || references.some((r) => !seen.has(r))) {
        for (const r of references) seen.add(r);
        if (xml !== null) {
          collected.push(markerParagraph(representativeMark(representatives.length)));
          representatives.push(xml);
        }
        collected.push(block instanceof XmlBlock ? block.toDocx() : block);
        open = null;
        continue;
      }
      if (open === null) {
        collected.push(markerParagraph(chunkMark(chunks.length)));
        open = [];
        chunks.push(open);
      }
      open.push(xml);
    }
  }
  collected.push(markerParagraph(END_MARK));
  return { filled, collected, representatives, chunks };
}

/** Each reference's id in the patched document, from the blocks that went through the patcher. */
function referenceIds(xml: string, markers: readonly Marker[], ours: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const reference = new RegExp(REFERENCE.source, 'g');
  for (const marker of markers) {
    if (!marker.label.startsWith(REPRESENTATIVE)) continue;
    reference.lastIndex = marker.end;
    for (const mine of referencesIn(ours[Number(marker.label.slice(REPRESENTATIVE.length))] ?? '')) {
      const theirs = reference.exec(xml);
      if (!theirs) throw new Error('rapportens listor och format kunde inte numreras');
      ids.set(mine, theirs[2] ?? '');
    }
  }
  return ids;
}

/**
 * Moves each section's XML from the collector to its placeholder's marker, writing each chunk's
 * blocks where its marker is with the references' ids in this document, and drops the collector.
 */
function placeSections(xml: string, names: readonly string[], planned: Plan): string {
  const first = paragraphAround(xml, startMark(names[0] ?? ''));
  const end = paragraphAround(xml, END_MARK, first.end);
  const markers = markersIn(xml, first.start, end.start);
  const ids = referenceIds(xml, markers, planned.representatives);
  const renumbered = (chunk: string) =>
    chunk.replace(REFERENCE, (whole, kind: string, value: string) => {
      const id = ids.get(`${kind}=${value}`);
      return id === undefined || id === value ? whole : `<w:${kind} w:val="${id}"/>`;
    });
  const bodies = new Map<string, string[]>();
  let body: string[] = [];
  let from = first.start;
  for (const marker of [...markers, { label: END_MARK.slice(1, -1), ...end }]) {
    body.push(xml.slice(from, marker.start));
    from = marker.end;
    if (marker.label.startsWith(CHUNK)) {
      body.push(renumbered(planned.chunks[Number(marker.label.slice(CHUNK.length))]?.join('') ?? ''));
    } else if (marker.label.startsWith(START)) {
      body = [];
      bodies.set(marker.label.slice(START.length), body);
    }
  }
  const cuts: { start: number; end: number; text: string }[] = [
    { start: first.start, end: end.end, text: '' },
  ];
  for (const name of names) {
    let chunk = bodies.get(name)?.join('') ?? '';
    const place = paragraphAround(xml, placeMark(name));
    // A table cell must end with a paragraph, as the patcher itself ensures.
    if (xml.startsWith('</w:tc>', place.end) && chunk.endsWith('</w:tbl>')) chunk += '<w:p/>';
    cuts.push({ ...place, text: chunk });
  }
  cuts.sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let at = 0;
  for (const cut of cuts) {
    pieces.push(xml.slice(at, cut.start), cut.text);
    at = cut.end;
  }
  pieces.push(xml.slice(at));
  return pieces.join('');
}

/** The filled template as a .docx. */
export async function patchTemplate(input: TemplatePatch): Promise<Buffer> {
  const patches: Record<string, IPatch> = {};
  for (const [name, value] of Object.entries(input.texts))
    patches[name] = { type: PatchType.PARAGRAPH, children: [new TextRun(value)] };
  const planned = plan(input.sections);
  const filled = [...planned.filled].filter(([, has]) => has).map(([name]) => name);
  for (const [name, has] of planned.filled) {
    patches[name] = { type: PatchType.DOCUMENT, children: has ? [markerParagraph(placeMark(name))] : [] };
  }
  // Last, so that the placeholders before it are looked for in the template alone.
  patches[COLLECTOR] = { type: PatchType.DOCUMENT, children: planned.collected };
  const bytes = await patchDocument({
    outputType: 'nodebuffer',
    data: await withCollector(input.template),
    patches,
    keepOriginalStyles: true,
    trimPlaceholders: true,
    properties: { ...input.properties },
  });
  const zip = await JSZip.loadAsync(bytes);
  // As bytes, decoded and encoded by Node: JSZip's own UTF-8 coder takes longer than its deflate.
  const xml = ((await zip.file(DOCUMENT)?.async('nodebuffer')) ?? Buffer.alloc(0)).toString('utf8');
  const placed = filled.length > 0 ? placeSections(xml, filled, planned) : dropCollector(xml);
  const parts: ZipEntry[] = [];
  for (const file of Object.values(zip.files)) {
    if (file.dir) continue;
    const data = file.name === DOCUMENT ? Buffer.from(placed, 'utf8') : await file.async('uint8array');
    parts.push({ name: file.name, data, date: file.date });
  }
  return zipParts(parts);
}

function dropCollector(xml: string): string {
  const end = paragraphAround(xml, END_MARK);
  return xml.slice(0, end.start) + xml.slice(end.end);
}

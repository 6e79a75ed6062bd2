/**
 * A report block's XML, written once, as docx's `patchDocument` would write it into the document.
 * The patcher formats each inserted block with docx's formatter, writes that as XML, parses the XML
 * back into a tree, copies the tree once per kind of id it renumbers and writes it again at the end;
 * at 400 units that is most of the report's time and memory. Here the formatter's output is written
 * straight to the XML the patcher would end with: attribute values escaped as its writer escapes
 * them, text as its writer escapes text, an element with nothing in it closed in its start tag
 * unless it preserves white space. What the patcher renumbers (lists, styles) is left as docx
 * writes it: `docx-patch.ts` maps it to the ids the patcher gave the same references.
 */
import type { XmlComponent } from 'docx';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};
// Control characters XML 1.0 cannot hold are dropped, as docx's writer drops them.
export const escapeAttribute = (value: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML cannot hold
  value.replace(/[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => ESCAPES[c] ?? '');
export const escapeText = (value: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML cannot hold
  value.replace(/[&<>\x00-\x08\x0B\x0C\x0E-\x1F]/g, (c) => ESCAPES[c] ?? '');

/** What docx's formatter returns: `{ name: [ { _attr }, child, "text" ] }` and its shorter forms. */
type Formatted = Readonly<Record<string, unknown>>;

function writeAttributes(attributes: unknown, seen: Set<string>, out: string[]): void {
  for (const [key, value] of Object.entries(attributes as Record<string, unknown>)) {
    // The patcher's parser keeps the first of a repeated attribute.
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(` ${key}="${escapeAttribute(String(value))}"`);
  }
}

function writeElement(data: Formatted): string {
  const name = Object.keys(data)[0];
  if (name === undefined) return '';
  const values = data[name];
  const attributes: string[] = [];
  const seen = new Set<string>();
  let content: string[] = [];
  if (typeof values === 'object' && values !== null) {
    const { _attr: attr, _cdata: cdata } = values as { _attr?: unknown; _cdata?: unknown };
    if (cdata !== undefined) throw new Error('docx-xml: CDATA skrivs inte här');
    if (attr) writeAttributes(attr, seen, attributes);
    if (Array.isArray(values)) {
      for (const value of values) {
        if (typeof value === 'object' && value !== null) {
          if (Object.keys(value)[0] === '_attr')
            writeAttributes((value as { _attr: unknown })._attr, seen, attributes);
          else content.push(writeElement(value as Formatted));
        } else {
          // docx's writer lets text take the place of the element written just before it.
          content.pop();
          content.push(escapeText(String(value)));
        }
      }
    }
  } else if (values !== undefined) {
    content = [escapeText(String(values))];
  }
  const inner = content.join('');
  const open = `<${name}${attributes.join('')}`;
  const preserve = attributes.includes(' xml:space="preserve"');
  return inner !== '' || preserve ? `${open}>${inner}</${name}>` : `${open}/>`;
}

/** The context docx's formatter needs for a block outside a document (no media, no numbering). */
export interface FormatContext {
  readonly file: unknown;
  readonly stack: unknown[];
}

/** `block` as XML, the way the patcher writes it before renumbering ids. */
export function blockXml(block: XmlComponent, context: FormatContext): string {
  const formatted = block.prepForXml(context as never);
  return formatted ? writeElement(formatted as Formatted) : '';
}

/** A run's look, as docx-kit's `text` gives it to docx's `TextRun`. */
export interface RunLook {
  readonly bold?: boolean;
  readonly italics?: boolean;
  /** Hex without "#", as `format.ts`'s `hex` writes it. */
  readonly colour?: string;
  /** Half-points. */
  readonly size?: number;
}

/** A text run's XML as docx writes `new TextRun({ text, bold, italics, color, size })`. */
export function runXml(value: string, look: RunLook): string {
  let properties = '';
  if (look.bold) properties += '<w:b/><w:bCs/>';
  if (look.italics) properties += '<w:i/><w:iCs/>';
  if (look.colour) properties += `<w:color w:val="${escapeAttribute(look.colour)}"/>`;
  if (look.size) properties += `<w:sz w:val="${look.size}"/><w:szCs w:val="${look.size}"/>`;
  return `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeText(value)}</w:t></w:r>`;
}

/** A paragraph's XML as docx writes one with a style, a bullet of level 0 and spacing. */
export function paragraphXml(
  runs: string,
  options: { style?: string; bulletNumId?: string; before?: number; after?: number },
): string {
  let properties = '';
  if (options.style !== undefined) properties += `<w:pStyle w:val="${escapeAttribute(options.style)}"/>`;
  if (options.bulletNumId !== undefined)
    properties += `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${options.bulletNumId}"/></w:numPr>`;
  if (options.after !== undefined || options.before !== undefined) {
    properties += `<w:spacing${options.after !== undefined ? ` w:after="${options.after}"` : ''}${
      options.before !== undefined ? ` w:before="${options.before}"` : ''
    }/>`;
  }
  return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}${runs}</w:p>`;
}

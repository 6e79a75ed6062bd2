/**
 * The municipality's Word template for the report (REPORT_TEMPLATE; default `templates/rapport.docx`):
 * a plain .docx with `{{platshållare}}` that `render-docx.ts` fills with docx's `patchDocument`. A
 * template is data, never code: the bot only replaces text in it, and a macro document is refused.
 * Checked when it is loaded, so a bad template is refused at start, naming every problem, before
 * anything is written.
 */
import { readFile } from 'node:fs/promises';
import { patchDetector } from 'docx';
import { closest } from 'fastest-levenshtein';
import JSZip from 'jszip';
import type { ReportSectionId } from './report-model.js';

/** The texts a template may show anywhere (body, header, footer), as often as it likes. */
export const TEXT_PLACEHOLDERS = {
  titel: '”Delårsrapport 2 2024”: rapportens rubrik och år',
  namnd: '”Arbetsmarknadsnämnden”: nämndens namn',
  period: '”Delår 2 2024”: perioden',
  datum: '”per 31 augusti 2024”: vilket datum rapporten avser',
  underlag: '”Utkast genererat … från 7 av 9 enheters svar”: vad utkastet bygger på',
} as const;

export type TextPlaceholder = keyof typeof TEXT_PLACEHOLDERS;

/**
 * One placeholder per report section, each alone in a paragraph of the body, exactly once. The
 * template decides the order; report.yaml decides which sections a period kind has, and a section
 * it leaves out takes its placeholder's paragraph with it.
 */
export const SECTION_PLACEHOLDERS: Readonly<Record<ReportSectionId, string>> = {
  economy: 'avsnitt_ekonomi',
  volumes: 'avsnitt_volymer',
  personnel: 'avsnitt_personal',
  goals: 'avsnitt_mal',
  strategic: 'avsnitt_strategiska',
  committeeTasks: 'avsnitt_namnduppdrag',
  internalControl: 'avsnitt_internkontroll',
  indicators: 'avsnitt_indikatorer',
  completeness: 'avsnitt_svarslage',
  rule: 'bilaga',
};

const SECTION_BY_NAME = new Map(
  Object.entries(SECTION_PLACEHOLDERS).map(([id, name]) => [name, id as ReportSectionId]),
);
const ALL_NAMES = [...Object.keys(TEXT_PLACEHOLDERS), ...SECTION_BY_NAME.keys()];

/** A template that passed every check: its bytes and the order of its sections. */
export interface ReportTemplate {
  /** Where it came from, for messages: a file path or "den medföljande mallen". */
  readonly source: string;
  readonly bytes: Uint8Array;
  /** The sections in the order their placeholders stand in the body. */
  readonly sectionOrder: readonly ReportSectionId[];
  /** The text placeholders the template uses. */
  readonly textPlaceholders: readonly TextPlaceholder[];
}

export class TemplateError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Rapportmallen ${source} (inställningen REPORT_TEMPLATE) kan inte användas:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'TemplateError';
  }
}

const DOCUMENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * The text of a part cut at every paragraph's start and end, so a piece never spans two
 * paragraphs: a placeholder `patchDocument` can fill lies inside one piece (across runs is fine).
 */
function paragraphTexts(xml: string): string[] {
  return xml
    .split(/<w:p[ >]|<\/w:p>/)
    .map((piece) =>
      unescapeXml([...piece.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
    )
    .filter((t) => t.includes('{') || t.includes('}'));
}

const COMPLETE = /\{\{([^{}]*)\}\}/g;

function suggestion(name: string): string {
  const near = closest(name.toLowerCase(), ALL_NAMES);
  return near ? ` (menar du {{${near}}}?)` : '';
}

/** Where in the package a part is, for a person: "sidhuvudet", "sidfoten", "dokumentet". */
function partName(path: string): string {
  if (/^word\/header\d*\.xml$/.test(path)) return 'sidhuvudet';
  if (/^word\/footer\d*\.xml$/.test(path)) return 'sidfoten';
  if (path === 'word/document.xml') return 'dokumentets text';
  return path;
}

async function openZip(bytes: Uint8Array): Promise<JSZip | null> {
  try {
    return await JSZip.loadAsync(bytes);
  } catch {
    return null;
  }
}

/** Checks a template's bytes; every problem at once, in Swedish, each naming its placeholder. */
export async function loadReportTemplate(bytes: Uint8Array, source: string): Promise<ReportTemplate> {
  const notDocx = `filen är inte ett Word-dokument (.docx); spara mallen i Word som ”Word-dokument (*.docx)”`;
  const zip = await openZip(bytes);
  const types = (await zip?.file('[Content_Types].xml')?.async('string')) ?? '';
  const document = await zip?.file('word/document.xml')?.async('string');
  if (!zip || document === undefined) throw new TemplateError(source, [notDocx]);
  if (!types.includes(DOCUMENT_TYPE)) {
    const kind = /macroEnabled/i.test(types)
      ? 'filen innehåller makron (.docm/.dotm); en mall får inte köra kod – spara den som ”Word-dokument (*.docx)”'
      : /template\.main\+xml/.test(types)
        ? 'filen är en Word-mall (.dotx); spara den som ”Word-dokument (*.docx)”'
        : notDocx;
    throw new TemplateError(source, [kind]);
  }

  const problems: string[] = [];
  const sections: { name: string; alone: boolean }[] = [];
  const texts = new Set<TextPlaceholder>();
  const parts = Object.keys(zip.files).filter(
    (p) => p === 'word/document.xml' || /^word\/(header|footer)\d*\.xml$/.test(p),
  );
  for (const path of parts) {
    const xml = path === 'word/document.xml' ? document : ((await zip.file(path)?.async('string')) ?? '');
    for (const text of paragraphTexts(xml)) {
      for (const match of text.matchAll(COMPLETE)) {
        const name = (match[1] ?? '').trim();
        if (name in TEXT_PLACEHOLDERS) texts.add(name as TextPlaceholder);
        else if (SECTION_BY_NAME.has(name)) {
          if (path !== 'word/document.xml')
            problems.push(
              `{{${name}}} står i ${partName(path)}; ett avsnitt kan bara stå i dokumentets text`,
            );
          else sections.push({ name, alone: text.trim() === match[0] });
        } else problems.push(`okänd platshållare {{${name}}} i ${partName(path)}${suggestion(name)}`);
      }
      const rest = text.replace(COMPLETE, ' ');
      const open = rest.indexOf('{{');
      const close = rest.indexOf('}}');
      if (open >= 0) {
        const broken = rest.slice(open, open + 40).trim();
        problems.push(
          `trasig platshållare ”${broken}” i ${partName(path)}: den avslutas inte med }} i samma stycke${suggestion(broken.slice(2))}`,
        );
      } else if (close >= 0) {
        const broken = rest.slice(Math.max(0, close - 38), close + 2).trim();
        problems.push(`trasig platshållare ”${broken}” i ${partName(path)}: }} utan {{ före i samma stycke`);
      }
    }
  }
  // Placeholders in alt text and other places docx itself would fill (drawing patches).
  for (const key of await patchDetector({ data: bytes })) {
    const name = key.trim();
    if (!ALL_NAMES.includes(name) && !problems.some((p) => p.includes(`{{${name}}}`)))
      problems.push(`okänd platshållare {{${name}}}${suggestion(name)}`);
  }

  for (const name of SECTION_BY_NAME.keys()) {
    const found = sections.filter((s) => s.name === name);
    if (found.length === 0)
      problems.push(`platshållaren {{${name}}} saknas; varje avsnitt ska stå en gång i mallen`);
    if (found.length > 1)
      problems.push(`{{${name}}} står ${found.length} gånger; ett avsnitt får stå en gång`);
    if (found.some((s) => !s.alone))
      problems.push(
        `{{${name}}} ska stå ensam i ett eget stycke, utan annan text (stycket ersätts av avsnittet)`,
      );
  }
  if (problems.length > 0) throw new TemplateError(source, problems);
  return {
    source,
    bytes,
    sectionOrder: sections.map((s) => SECTION_BY_NAME.get(s.name) as ReportSectionId),
    textPlaceholders: [...texts],
  };
}

/** Reads and checks the template file REPORT_TEMPLATE names. */
export async function readReportTemplate(file: string): Promise<ReportTemplate> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TemplateError(file, [
      code === 'ENOENT'
        ? 'filen finns inte'
        : code === 'EISDIR'
          ? 'det är en mapp, inte en .docx-fil'
          : `filen kan inte läsas (${code ?? 'okänt fel'})`,
    ]);
  }
  return loadReportTemplate(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}

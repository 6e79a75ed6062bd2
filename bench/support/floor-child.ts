/**
 * B2's floors: what each phase of the report cannot go below, measured in a fresh `node` against
 * the same Azurite rows and the same outputs as the report child wrote:
 *
 * - read: one `listEntities` over the period's range of current rows (`c|…`), as plain
 *   @azure/data-tables does it;
 * - aggregate: one pass over those rows' payloads (JSON.parse of each and a trivial sum);
 * - docx: zipping the parts of our .docx again (JSZip, DEFLATE; document.xml is nearly all of it);
 * - xlsx: exceljs' streaming writer writing the cells of our workbook, values only, sheet by sheet.
 *
 * Each is run twice and the second (warm) run counts, as in the report child.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './common.js';
import { spawnNode } from './processes.js';

export interface FloorChildInput {
  readonly connectionString: string;
  /** The answers table's name (TABLE_PREFIX + "answers"). */
  readonly table: string;
  readonly partitionKey: string;
  readonly docxFile: string;
  readonly xlsxFile: string;
}

/** Seconds of the warm run of each floor, and what they covered. */
export interface FloorChildResult {
  readonly readS: number;
  readonly payloadS: number;
  readonly zipS: number;
  readonly xlsxS: number;
  /** The same phases' CPU seconds in the floor process (the read's excludes Azurite's). */
  readonly cpu: {
    readonly readS: number;
    readonly payloadS: number;
    readonly zipS: number;
    readonly xlsxS: number;
  };
  readonly rows: number;
  readonly documentXmlBytes: number;
  readonly cells: number;
  readonly peakRss: number;
}

const SOURCE = `
const input = JSON.parse(process.env.B2_FLOOR_INPUT);
const { createRequire } = await import('node:module');
const { readFile } = await import('node:fs/promises');
const { Writable } = await import('node:stream');
const require = createRequire(input.rootUrl + 'package.json');
const { TableClient } = require('@azure/data-tables');
const JSZip = require('jszip');
const ExcelJS = require('exceljs');

// Inputs, outside the timings: the parts of our docx, the cells of our workbook.
const ours = await JSZip.loadAsync(await readFile(input.docxFile));
const parts = [];
for (const [name, file] of Object.entries(ours.files)) {
  if (file.dir) continue;
  parts.push([name, name.endsWith('.xml') || name.endsWith('.rels') ? await file.async('string') : await file.async('nodebuffer')]);
}
const documentXml = parts.find(([n]) => n === 'word/document.xml')[1];
const book = new ExcelJS.Workbook();
await book.xlsx.load(await readFile(input.xlsxFile));
const sheets = book.worksheets.map((s) => {
  const rows = [];
  s.eachRow((r) => rows.push(r.values.slice(1).map((v) => (v === undefined ? null : v))));
  return { name: s.name, widths: s.columns?.map((c) => ({ width: c.width })) ?? [], rows };
});
const cells = sheets.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.length, 0), 0);

const client = TableClient.fromConnectionString(input.connectionString, input.table, { allowInsecureConnection: true });
const filter = "PartitionKey eq '" + input.partitionKey.replace(/'/g, "''") + "' and RowKey ge 'c|' and RowKey lt 'c}'";
async function readRows() {
  const rows = [];
  for await (const row of client.listEntities({ queryOptions: { filter } })) rows.push(row);
  return rows;
}
function payloadPass(rows) {
  let sum = 0;
  for (const row of rows) {
    let json = '';
    for (let i = 0; i < Number(row.payloadParts ?? 1); i++) json += String(row['payload' + i] ?? '');
    const payload = JSON.parse(json);
    sum += Object.keys(payload).length;
  }
  return sum;
}
async function zip() {
  const z = new JSZip();
  for (const [name, data] of parts) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
async function xlsx() {
  const chunks = [];
  const stream = new Writable({ write(chunk, _e, done) { chunks.push(chunk); done(); } });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true });
  for (const s of sheets) {
    const sheet = wb.addWorksheet(s.name);
    sheet.columns = s.widths;
    for (const values of s.rows) sheet.addRow(values).commit();
    sheet.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}
async function timed(work) {
  await work();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await work();
  const c = process.cpuUsage(c0);
  return { s: Math.round(performance.now() - t0) / 1000, cpuS: Math.round((c.user + c.system) / 1000) / 1000, result };
}
const read = await timed(readRows);
const pass = await timed(async () => payloadPass(read.result));
if (!(pass.result > 0)) throw new Error('no payloads');
const zipped = await timed(zip);
const written = await timed(xlsx);
process.stdout.write('B2FLOOR ' + JSON.stringify({
  readS: read.s, payloadS: pass.s, zipS: zipped.s, xlsxS: written.s,
  cpu: { readS: read.cpuS, payloadS: pass.cpuS, zipS: zipped.cpuS, xlsxS: written.cpuS },
  rows: read.result.length, documentXmlBytes: Buffer.byteLength(documentXml), cells,
  peakRss: process.resourceUsage().maxRSS * 1024,
}) + '\\n');
`;

export async function runFloorChild(input: FloorChildInput): Promise<FloorChildResult> {
  const rootUrl = pathToFileURL(path.join(ROOT, path.sep)).href;
  const child = spawnNode(['--input-type=module', '-e', SOURCE], {
    B2_FLOOR_INPUT: JSON.stringify({ ...input, rootUrl }),
  });
  const { code } = await child.exited;
  const line = child
    .output()
    .split('\n')
    .find((l) => l.startsWith('B2FLOOR '));
  if (code !== 0 || !line) throw new Error(`B2-golvprocessen misslyckades (kod ${code}):\n${child.output()}`);
  return JSON.parse(line.slice('B2FLOOR '.length)) as FloorChildResult;
}

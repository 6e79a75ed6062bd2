/**
 * A report model as a file in one of the formats the report command writes. The renderers (docx,
 * exceljs, ECharts and resvg: tens of MB of module code) are loaded when a file is asked for.
 */
import type { ReportModel } from './report-model.js';
import type { ReportTemplate } from './report-template.js';

export const REPORT_FORMATS = ['docx', 'xlsx', 'md', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Word and Excel are files (bytes); Markdown and JSON are text. */
export function renderReport(
  model: ReportModel,
  format: 'docx' | 'xlsx',
  timeZone: string,
  template: ReportTemplate | null,
): Promise<Buffer>;
export function renderReport(
  model: ReportModel,
  format: ReportFormat,
  timeZone: string,
  template: ReportTemplate | null,
): Promise<Buffer | string>;
export async function renderReport(
  model: ReportModel,
  format: ReportFormat,
  timeZone: string,
  template: ReportTemplate | null,
): Promise<Buffer | string> {
  switch (format) {
    case 'docx': {
      if (!template) throw new Error('a Word report needs its template');
      const { renderDocx } = await import('./render-docx.js');
      return renderDocx(model, template, timeZone);
    }
    case 'xlsx': {
      const { renderXlsx } = await import('./render-xlsx.js');
      return renderXlsx(model, timeZone);
    }
    case 'md': {
      const { renderMarkdown } = await import('./render-markdown.js');
      return renderMarkdown(model);
    }
    case 'json':
      return `${JSON.stringify(model, null, 2)}\n`;
  }
}

/** The shipped Word template, read and checked as the app reads it (REPORT_TEMPLATE unset). */
import { shippedTemplateFile } from '../../src/config/settings.js';
import { type ReportTemplate, readReportTemplate } from '../../src/reporting/report-template.js';

let shipped: Promise<ReportTemplate> | undefined;

export function shippedTemplate(): Promise<ReportTemplate> {
  shipped ??= readReportTemplate(shippedTemplateFile);
  return shipped;
}

// One department's documents on disk, in each format asked for.
import fs from 'node:fs';
import path from 'node:path';
import type { Encoding } from '../writers';
import type { Row, TableName } from '../tables';
import { encodeGbk } from '../gbk';
import { writeDocx } from './docx';
import { pageHtml } from './html';
import { departmentDocument, flatExportLayout, type Layout } from './layout';
import type { PdfPrinter } from './pdf';
import { wordText } from './text';
import { writeWorkbook } from './xlsx';

/**
 * The 附件 forms as published in each format, and `xlsx-flat`: the department's rows as a finance
 * system's flat export (a workbook, a sheet per table under title, units and two-row header rows).
 */
export const DOCUMENT_FORMATS = ['txt', 'html', 'docx', 'xlsx', 'xls', 'pdf', 'xlsx-flat'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** One layout's bytes in a format; pdf needs the printer (Chromium), opened only when pdf is asked for. */
export async function renderDocument(
  layout: Layout, format: DocumentFormat, title: string, encoding: Encoding, printer: PdfPrinter | null,
): Promise<Uint8Array> {
  switch (format) {
    case 'html': return pageHtml(layout, title, encoding);
    case 'txt': return encoding === 'gbk' ? encodeGbk(wordText(layout)) : new TextEncoder().encode(wordText(layout));
    case 'docx': return writeDocx(layout.grids, layout.trailer);
    case 'xlsx': case 'xls': return writeWorkbook(layout.grids, format);
    case 'xlsx-flat': return writeWorkbook(layout.grids, 'xlsx');
    case 'pdf':
      if (!printer) throw new Error('pdf needs a PdfPrinter');
      return printer.print(layout);
  }
}

/**
 * A department's document in a format before it is written: `<department>.<format>` holding its
 * 附件 forms, or for xlsx-flat `<department>-汇总表.xlsx` holding its flat export.
 */
export function departmentLayout(department: string, rows: Record<TableName, Row[]>, seed: number, format: DocumentFormat): { file: string; layout: Layout } {
  if (format === 'xlsx-flat') {
    const file = `${department}-汇总表.xlsx`;
    return { file, layout: flatExportLayout(rows, seed, file, department) };
  }
  const file = `${department}.${format}`;
  return { file, layout: departmentDocument(rows, seed, file) };
}

export async function writeDepartmentDocuments(
  dir: string, department: string, rows: Record<TableName, Row[]>, seed: number, formats: readonly DocumentFormat[], encoding: Encoding,
  printer: PdfPrinter | null,
): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const format of formats) {
    const { file, layout } = departmentLayout(department, rows, seed, format);
    fs.writeFileSync(path.join(dir, file), await renderDocument(layout, format, `${department}绩效自评材料`, encoding, printer));
  }
}

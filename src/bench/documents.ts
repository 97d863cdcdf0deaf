// Reading documents: generated 附件 forms of a few departments rendered as .docx, .xlsx, .html and
// a Chromium-printed .pdf, read back through the document path (reader + recogniser), as forms (or
// PDF pages) a second — in Node here, in the browser's ingest worker by bench-browser.ts, over the
// same files. The median of `runs` reads after one warm-up.
import { buildCounty } from '../generate/county';
import { generateDepartment } from '../generate/department';
import { departmentDocument } from '../generate/documents/layout';
import { PdfPrinter } from '../generate/documents/pdf';
import { renderDocument } from '../generate/documents/write';
import { FaultPlanter } from '../generate/faults';
import { countyRows } from '../generate/generate';
import { Rng } from '../generate/prng';
import { parseDocument } from '../ingest/documents/index';
import { median } from './browser';

export interface DocsFigures { docx: number; xlsx: number; html: number; pdf_pages: number }

export const DOC_FORMATS = ['docx', 'xlsx', 'html', 'pdf'] as const;

export interface DocumentFile { name: string; bytes: Uint8Array }

/** The documents read, per format; how many units (forms, or pages for PDF) each format's files hold; the batch region. */
export interface DocumentSet {
  files: Record<(typeof DOC_FORMATS)[number], DocumentFile[]>;
  units: Record<(typeof DOC_FORMATS)[number], number>;
  region: string;
}

/** Pages in a PDF as its page tree counts them (each page object is "/Type /Page"). */
const pdfPages = (bytes: Uint8Array) => (new TextDecoder('latin1').decode(bytes).match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

export async function documentSet(seed: number): Promise<DocumentSet> {
  const county = buildCounty(new Rng(seed, 'county/0'), 0, new Set(), new Set(), { townships: [13, 19], optional: 0.95, maxDepartments: 4 });
  const planter = new FaultPlanter(0, 0);
  const years = [2023, 2024];
  const layouts = county.departments.map((d) => {
    const dy = generateDepartment(new Rng(seed, `county/0/dept/${d.code}`), county, d, years, { projects: [2, 5] }, planter);
    const rows = countyRows({ ...county, departments: [d] }, [dy], years);
    return { name: d.name, layout: departmentDocument(rows, seed, d.name), forms: rows.evaluations.length };
  });
  const forms = layouts.reduce((a, l) => a + l.forms, 0);
  const printer = await PdfPrinter.open();
  try {
    const files = Object.fromEntries(await Promise.all(DOC_FORMATS.map(async (format) => [format,
      await Promise.all(layouts.map(async (l) => ({ name: `${l.name}.${format}`, bytes: await renderDocument(l.layout, format, l.name, 'utf8', printer) })))]))) as DocumentSet['files'];
    const units = { docx: forms, xlsx: forms, html: forms, pdf: files.pdf.reduce((a, f) => a + pdfPages(f.bytes), 0) };
    return { files, units, region: county.name };
  } finally {
    await printer.close();
  }
}

/** Units a second of each format, `read` timing one pass over a format's files (after a warm-up pass, median of `runs`). */
export async function documentRates(set: DocumentSet, runs: number, read: (files: DocumentFile[]) => Promise<number>): Promise<DocsFigures> {
  const rate = async (format: (typeof DOC_FORMATS)[number]) => {
    await read(set.files[format]);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await read(set.files[format]));
    return set.units[format] / (median(times) / 1000);
  };
  return { docx: await rate('docx'), xlsx: await rate('xlsx'), html: await rate('html'), pdf_pages: await rate('pdf') };
}

/** In Node: the milliseconds parseDocument takes over the files. */
export async function measureDocuments(set: DocumentSet, runs: number): Promise<DocsFigures> {
  return documentRates(set, runs, async (files) => {
    const t0 = performance.now();
    for (const f of files) await parseDocument(f.name, f.bytes, { region: set.region });
    return performance.now() - t0;
  });
}

// Reading documents in Node: generated 附件 forms of a few departments rendered as .docx, .xlsx,
// .html and a Chromium-printed .pdf, read back through the document path (reader + recogniser), as
// forms (or PDF pages) a second. The median of `runs` reads after one warm-up.
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

/** Pages in a PDF as its page tree counts them (each page object is "/Type /Page"). */
const pdfPages = (bytes: Uint8Array) => (new TextDecoder('latin1').decode(bytes).match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

export async function measureDocuments(seed: number, runs: number): Promise<DocsFigures> {
  const county = buildCounty(new Rng(seed, 'county/0'), 0, new Set(), new Set(), { townships: [13, 19], optional: 0.95, maxDepartments: 4 });
  const planter = new FaultPlanter(0, 0);
  const years = [2023, 2024];
  const layouts = county.departments.map((d) => {
    const dy = generateDepartment(new Rng(seed, `county/0/dept/${d.code}`), county, d, years, { projects: [2, 5] }, planter);
    const rows = countyRows({ ...county, departments: [d] }, [dy], years);
    return { name: d.name, layout: departmentDocument(rows, seed, d.name), forms: rows.evaluations.length };
  });
  const forms = layouts.reduce((a, l) => a + l.forms, 0);
  const rate = async (files: { name: string; bytes: Uint8Array }[], units: number) => {
    const once = async () => {
      const t0 = performance.now();
      for (const f of files) await parseDocument(f.name, f.bytes, { region: county.name });
      return performance.now() - t0;
    };
    await once();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once());
    return units / (median(times) / 1000);
  };
  const rendered = async (format: 'docx' | 'xlsx' | 'html' | 'pdf', printer: PdfPrinter | null) =>
    Promise.all(layouts.map(async (l) => ({ name: `${l.name}.${format}`, bytes: await renderDocument(l.layout, format, l.name, 'utf8', printer) })));
  const printer = await PdfPrinter.open();
  let pdf: { name: string; bytes: Uint8Array }[];
  try {
    pdf = await rendered('pdf', printer);
  } finally {
    await printer.close();
  }
  return {
    docx: await rate(await rendered('docx', null), forms),
    xlsx: await rate(await rendered('xlsx', null), forms),
    html: await rate(await rendered('html', null), forms),
    pdf_pages: await rate(pdf, pdf.reduce((a, f) => a + pdfPages(f.bytes), 0)),
  };
}

// The run: plan the size, then generate county by county and stream every table to disk.
import fs from 'node:fs';
import path from 'node:path';
import { buildCounty, placeName, type County, type CountyShape } from './county';
import { generateDepartment, type DeptShape, type DeptYear } from './department';
import { FaultPlanter, type TruthRow } from './faults';
import type { Form } from './forms';
import { money, percent, points, points2 } from './money';
import { Rng } from './prng';
import { TABLES, type Row, type TableName } from './tables';
import { DOCUMENT_FORMATS, writeDepartmentDocuments, type DocumentFormat } from './documents/write';
import type { PdfPrinter } from './documents/pdf';
import { CsvWriter, csvText, headerRow, initParquet, ParquetWriter, type Encoding, type Headers } from './writers';

export type Scale = 'county' | 'province' | 'national';
export type Format = 'csv' | 'parquet' | 'both';
export { DOCUMENT_FORMATS, type DocumentFormat };

export interface Options {
  scale: Scale;
  /** Approximate indicator rows wanted (benchmarks); overrides the scale's default size. */
  rows?: number;
  seed: number;
  format: Format;
  /** Also write each department's forms as published documents (documents/<county>/<department>.<ext>). */
  documents?: DocumentFormat[];
  encoding: Encoding;
  out: string;
  headers: Headers;
}

export interface Plan {
  /** Counties in all; at national scale spread over `provinces` (1 otherwise: the region is the county). */
  counties: number;
  provinces: number;
  years: number[];
  county: CountyShape;
  dept: DeptShape;
}

export const FIRST_YEAR = 2019;
export const LAST_YEAR = 2024;
const ALL_YEARS = LAST_YEAR - FIRST_YEAR + 1;
const PROVINCE_COUNTIES = 100;
const PROVINCE_ROWS = 1_000_000;
/** The country: about 30 provinces, 25 M indicator rows in one year (≈ 9,000 county-sized budgets). */
const NATIONAL_PROVINCES = 30;
const NATIONAL_ROWS = 25_000_000;
/** Indicator rows one county yields per year with the default shape (measured, seeds 1–5). */
export const ROWS_PER_COUNTY_YEAR = 2800;
const FULL_DEPARTMENTS = 65;

const yearsEnding = (n: number) => Array.from({ length: n }, (_, i) => LAST_YEAR - n + 1 + i);

/** Turns --scale/--rows into counties × years (× departments, for runs smaller than one county-year). */
export function plan(options: Pick<Options, 'scale' | 'rows'>): Plan {
  const county: CountyShape = { townships: [13, 19], optional: 0.95 };
  const dept: DeptShape = { projects: [2, 5] };
  if (options.scale === 'national') {
    // One year: a national collection is read a year at a time; --rows sets its size.
    const counties = Math.max(NATIONAL_PROVINCES, Math.round((options.rows ?? NATIONAL_ROWS) / ROWS_PER_COUNTY_YEAR));
    return { counties, provinces: NATIONAL_PROVINCES, years: yearsEnding(1), county, dept };
  }
  const target = options.rows ?? (options.scale === 'province' ? PROVINCE_ROWS : undefined);
  if (target === undefined) return { counties: 1, provinces: 1, years: yearsEnding(ALL_YEARS), county, dept };
  const countyYears = target / ROWS_PER_COUNTY_YEAR;
  if (options.scale === 'province' && countyYears >= PROVINCE_COUNTIES) {
    // A province keeps ≈100 counties; the number of years absorbs the size.
    const years = Math.min(ALL_YEARS, Math.max(1, Math.round(countyYears / PROVINCE_COUNTIES)));
    return { counties: Math.round(countyYears / years), provinces: 1, years: yearsEnding(years), county, dept };
  }
  if (countyYears < 1) {
    const departments = Math.max(3, Math.round(FULL_DEPARTMENTS * countyYears));
    return { counties: 1, provinces: 1, years: yearsEnding(1), county: { ...county, maxDepartments: departments }, dept };
  }
  if (countyYears <= ALL_YEARS) return { counties: 1, provinces: 1, years: yearsEnding(Math.round(countyYears)), county, dept };
  return { counties: Math.round(countyYears / ALL_YEARS), provinces: 1, years: yearsEnding(ALL_YEARS), county, dept };
}

// Rows, in the contract's column order (tables.ts).
const n = (v: number | null) => (v === null ? null : money(v));

function evaluationRow(f: Form): Row {
  const p = f.parts;
  return [
    f.evalId, String(f.year), f.region, f.department, f.kind, f.project, f.unit,
    money(f.budgetInitial), money(f.budgetFull), money(f.executed),
    String(f.execWeight), percent(f.execRate), points2(f.execScore), points(f.totalScore),
    f.goalTarget, f.goalActual, f.reportScore === null ? null : points(f.reportScore),
    n(p?.appropriation[0] ?? null), n(p?.appropriation[1] ?? null), n(p?.appropriation[2] ?? null),
    n(p?.carryover[0] ?? null), n(p?.carryover[1] ?? null), n(p?.carryover[2] ?? null),
    n(p?.other[0] ?? null), n(p?.other[1] ?? null), n(p?.other[2] ?? null),
  ];
}

/**
 * Forms filled in Excel keep its merged cells: 一级/二级指标 only on the first row of their group (as in
 * the real seed), left for the loader to fill down. Careful departments' exports fill every cell.
 */
function indicatorRows(f: Form): Row[] {
  const merged = f.style !== 'careful';
  return f.indicators.map((i, k) => {
    const prev = f.indicators[k - 1];
    const sameL1 = merged && prev?.level1 === i.level1;
    const l1 = sameL1 ? '' : i.level1;
    const l2 = sameL1 && prev.level2 === i.level2 ? '' : i.level2;
    return [f.evalId, l1, l2, i.level3, i.target, i.actual, String(i.weight), points(i.score), i.deviation];
  });
}

/** The contract rows of a county's departments (one department's alone, for its documents). */
export function countyRows(county: County, byDept: DeptYear[][], years: number[]): Record<TableName, Row[]> {
  const rows: Record<TableName, Row[]> = { evaluations: [], indicators: [], spending: [], staffing: [] };
  years.forEach((year, y) => {
    county.departments.forEach((dept, d) => {
      const dy = byDept[d][y];
      for (const f of dy.forms) {
        rows.evaluations.push(evaluationRow(f));
        for (const r of indicatorRows(f)) rows.indicators.push(r);
      }
      for (const l of dy.spending) {
        rows.spending.push([String(year), county.region, dept.name, l.item, l.parent || null, n(l.prior), money(l.budget), money(l.final)]);
      }
      rows.staffing.push([String(year), county.region, dept.name, String(dy.staffing.authorized), String(dy.staffing.actual)]);
    });
  });
  return rows;
}

async function writeDocuments(options: Options, county: County, byDept: DeptYear[][], years: number[], printer: PdfPrinter | null): Promise<void> {
  for (const [d, dept] of county.departments.entries()) {
    const rows = countyRows({ ...county, departments: [dept] }, [byDept[d]], years);
    await writeDepartmentDocuments(path.join(options.out, 'documents', county.region), dept.name, rows, options.seed, options.documents!, options.encoding, printer);
  }
}

export interface Summary {
  plan: Plan;
  rows: Record<TableName, number>;
  faults: number;
  departments: number;
  files: string[];
}

/** Files this generator writes; an earlier run's leftovers of these names are removed first. */
const OWN_FILE = /^(evaluations|indicators|spending|staffing)(-\d{4})?\.(csv|parquet)$|^(truth|departments)\.csv$/;

export async function generate(options: Options): Promise<Summary> {
  const p = plan(options);
  fs.mkdirSync(options.out, { recursive: true });
  for (const f of fs.readdirSync(options.out)) if (OWN_FILE.test(f)) fs.rmSync(path.join(options.out, f));
  if (options.documents?.length) fs.rmSync(path.join(options.out, 'documents'), { recursive: true, force: true });

  const wantCsv = options.format !== 'parquet';
  const wantParquet = options.format !== 'csv';
  if (wantParquet) await initParquet();
  const headers = Object.fromEntries(TABLES.map((t) => [t, headerRow(t, options.headers)])) as Record<TableName, string[]>;
  const csv = wantCsv
    ? (Object.fromEntries(TABLES.map((t) => [t, new CsvWriter(path.join(options.out, `${t}.csv`), headers[t], options.encoding)])) as Record<TableName, CsvWriter>)
    : null;
  const chunked = p.counties > 1;
  const parquet = wantParquet
    ? (Object.fromEntries(TABLES.map((t) => [t, new ParquetWriter(options.out, t, headers[t], chunked, 100_000)])) as Record<TableName, ParquetWriter>)
    : null;

  // Chromium starts only when PDFs are asked for (a launch costs about a second).
  const printer = options.documents?.includes('pdf') ? await (await import('./documents/pdf')).PdfPrinter.open() : null;
  const truth: TruthRow[] = [];
  const departments: Row[] = [];
  const counts: Record<TableName, number> = { evaluations: 0, indicators: 0, spending: 0, staffing: 0 };
  const takenNames = new Set<string>();
  const takenCodes = new Set<string>();
  // At national scale each province names its counties apart (names repeat across provinces).
  const provinceNames = new Set<string>();
  const provinces = Array.from({ length: p.provinces }, (_, i) =>
    p.provinces === 1 ? { name: '', counties: takenNames } : { name: placeName(new Rng(options.seed, `province/${i}`), '省', provinceNames).name, counties: new Set<string>() },
  );
  try {
    for (let c = 0; c < p.counties; c++) {
      const rng = new Rng(options.seed, `county/${c}`);
      const province = provinces[c % p.provinces];
      const county = buildCounty(rng, c, province.counties, takenCodes, p.county, province.name);
      // A few % of forms carry one fault; 三公 breakdowns break a little less often.
      const planter = new FaultPlanter(0.03, 0.02);
      const byDept = county.departments.map((dept) =>
        generateDepartment(new Rng(options.seed, `county/${c}/dept/${dept.code}`), county, dept, p.years, p.dept, planter),
      );
      const rows = countyRows(county, byDept, p.years);
      if (options.documents?.length) await writeDocuments(options, county, byDept, p.years, printer);
      for (const t of TABLES) {
        counts[t] += rows[t].length;
        csv?.[t].append(rows[t]);
        parquet?.[t].append(rows[t]);
        parquet?.[t].maybeFlush();
      }
      truth.push(...planter.truth);
      for (const d of county.departments) departments.push([county.region, d.name, d.kind, d.behaviour]);
    }
  } finally {
    await printer?.close();
  }
  for (const t of TABLES) {
    csv?.[t].close();
    parquet?.[t].close();
  }

  // Ground truth is for scoring the analysis, not for loading: always UTF-8 with English headers.
  const truthRows: Row[] = [['fault', 'eval_id', 'region', 'department', 'year', 'item'], ...truth.map((t) => [t.fault, t.evalId, t.region, t.department, String(t.year), t.item])];
  fs.writeFileSync(path.join(options.out, 'truth.csv'), csvText(truthRows));
  fs.writeFileSync(path.join(options.out, 'departments.csv'), csvText([['region', 'department', 'kind', 'behaviour'], ...departments]));
  return { plan: p, rows: counts, faults: truth.length, departments: departments.length, files: fs.readdirSync(options.out).filter((f) => OWN_FILE.test(f)).sort() };
}

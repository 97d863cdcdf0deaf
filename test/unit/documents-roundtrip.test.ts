// The round trip: generated forms rendered in the published layouts — as Word-copied text and as a
// web page (UTF-8 or GBK) — and read back by the document path load to the same rows as the CSV
// export of the same forms. Compared in DuckDB-WASM after the same loader, table by table, column
// by column, over generator seeds (fast-check). The documents carry no 评价编号 (forms are matched
// on region, department, year, kind and project) and no 报告得分 (that is the narrative report's).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll } from '../../src/db/schema';
import { buildCounty } from '../../src/generate/county';
import { generateDepartment } from '../../src/generate/department';
import { departmentDocument, flatExportGrid, type DepartmentRows } from '../../src/generate/documents/layout';
import { renderDocument } from '../../src/generate/documents/write';
import { tabText } from '../../src/generate/documents/text';
import { FaultPlanter } from '../../src/generate/faults';
import { parseArgs } from '../../src/generate/cli';
import { countyRows } from '../../src/generate/generate';
import { Rng } from '../../src/generate/prng';
import { TABLES } from '../../src/generate/tables';
import { csvText, headerRow } from '../../src/generate/writers';
import { parseDocument } from '../../src/ingest/documents/index';
import { asOneLoad, loadFiles, loadParts } from '../../src/ingest/load';

const YEARS = [2023, 2024];

function county(seed: number) {
  const c = buildCounty(new Rng(seed, 'county/0'), 0, new Set(), new Set(), { townships: [13, 19], optional: 0.95, maxDepartments: 2 });
  const planter = new FaultPlanter(0.03, 0.02);
  const byDept = c.departments.map((d) => generateDepartment(new Rng(seed, `county/0/dept/${d.code}`), c, d, YEARS, { projects: [2, 4] }, planter));
  const departments = c.departments.map((d, i) => ({ name: d.name, rows: countyRows({ ...c, departments: [d] }, [byDept[i]], YEARS) as DepartmentRows }));
  return { name: c.name, departments, all: countyRows(c, byDept, YEARS) as DepartmentRows };
}

let csv: Engine;
let docs: Engine;
beforeAll(async () => {
  [csv, docs] = await Promise.all([openNodeEngine(), openNodeEngine()]);
});
afterAll(async () => {
  await csv?.close();
  await docs?.close();
});

const KEYS: Record<string, string> = {
  evaluations: 'region, department, year, kind, project',
  spending: 'region, department, year, parent, item',
  staffing: 'region, department, year',
};

async function columns(table: string, leave: string[]): Promise<string[]> {
  const cols = await csv.query<{ name: string }>(`SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`, [table]);
  return cols.map((c) => c.name).filter((c) => !c.startsWith('source_') && !leave.includes(c));
}

/** Every loaded table, as comparable text, forms keyed by identity rather than 评价编号. */
async function snapshot(engine: Engine): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of ['evaluations', 'spending', 'staffing']) {
    const cols = await columns(t, ['eval_id', 'report_score']);
    out[t] = await engine.query(`SELECT ${cols.map((c) => `CAST(${c} AS VARCHAR) AS ${c}`).join(', ')} FROM ${t} ORDER BY ${KEYS[t]} NULLS FIRST`);
  }
  const ind = await columns('indicators', ['eval_id']);
  out.indicators = await engine.query(
    `SELECT e.region, e.department, e.year, e.kind, e.project, ${ind.map((c) => `CAST(i.${c} AS VARCHAR) AS ${c}`).join(', ')}
     FROM indicators i JOIN evaluations e USING (eval_id) ORDER BY ${KEYS.evaluations} NULLS FIRST, i.seq`);
  return out;
}

async function loadCsv(rows: DepartmentRows): Promise<void> {
  await clearAll(csv);
  await loadFiles(csv, TABLES.map((t) => ({ name: `${t}.csv`, bytes: new TextEncoder().encode(csvText([headerRow(t, 'zh'), ...rows[t]])), origin: 'sample' as const })));
}

async function loadDocuments(files: { name: string; bytes: Uint8Array }[], region: string): Promise<number> {
  await clearAll(docs);
  let unexplained = 0;
  for (const f of files) {
    const parsed = await parseDocument(f.name, f.bytes, { region });
    for (const p of parsed) {
      expect(p.table, `${f.name}: ${p.rejected[0]?.reason}`).not.toBeNull();
      expect(p.rejected.filter((r) => r.line != null), f.name).toEqual([]);
      unexplained += p.rejected.filter((r) => r.reason.endsWith('未识别的单元格')).length;
    }
    await asOneLoad(docs, async (id) => void (await loadParts(docs, parsed, 'sample', id)));
  }
  return unexplained;
}

describe('documents round trip', () => {
  it('every generated form, as Word text, a web page, a .docx, an .xlsx and an .xls, loads to the rows of its CSV export', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom('utf8' as const, 'gbk' as const), async (seed, encoding) => {
        const c = county(seed);
        await loadCsv(c.all);
        const expected = await snapshot(csv);
        expect(expected.evaluations.length).toBeGreaterThan(0);
        for (const format of ['txt', 'html', 'docx', 'xlsx', 'xls'] as const) {
          const files = await Promise.all(c.departments.map(async (d) => {
            const layout = departmentDocument(d.rows, seed, `${d.name}.${format}`);
            return { name: `${d.name}.${format}`, bytes: await renderDocument(layout, format, `${d.name}绩效自评材料`, encoding, null) };
          }));
          expect(await loadDocuments(files, c.name), format).toBe(0);
          const got = await snapshot(docs);
          for (const t of Object.keys(expected)) expect(got[t], `${format} ${t}`).toEqual(expected[t]);
        }
      }),
      { numRuns: 3 },
    );
  }, 180_000);

  it('flat exports under a title row, a units row and a two-row header load as their CSV does, in 元 too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom('万元' as const, '元' as const), async (seed, unit) => {
        const c = county(seed);
        await loadCsv(c.all);
        const expected = await snapshot(csv);
        const grids = TABLES.map((t, i) => flatExportGrid(t, c.all[t], `${YEARS[0]}年度绩效自评汇总表（${t}）`, unit, 'export.txt', i + 1));
        const files = grids.map((g, i) => ({ name: `export-${TABLES[i]}.txt`, bytes: new TextEncoder().encode(tabText({ grids: [g], trailer: [] })) }));
        await loadDocuments(files, c.name);
        const got = await snapshot(docs);
        for (const t of Object.keys(expected)) expect(got[t], t).toEqual(expected[t]);
      }),
      { numRuns: 2 },
    );
  }, 120_000);
});

describe('npm run generate --format', () => {
  it('takes a comma list: one table format (csv when none) and any document formats', () => {
    expect(parseArgs(['--format', 'csv,txt,html'])).toMatchObject({ format: 'csv', documents: ['txt', 'html'] });
    expect(parseArgs(['--format', 'parquet'])).toMatchObject({ format: 'parquet', documents: [] });
    expect(parseArgs(['--format', 'html'])).toMatchObject({ format: 'csv', documents: ['html'] });
    expect(() => parseArgs(['--format', 'csv,parquet'])).toThrow(/one of csv, parquet, both/);
    expect(parseArgs(['--format', 'csv,docx,xlsx,xls,html,pdf,txt'])).toMatchObject({ format: 'csv', documents: ['docx', 'xlsx', 'xls', 'html', 'pdf', 'txt'] });
    expect(() => parseArgs(['--format', 'odt'])).toThrow(/--format must be one of/);
  });
});

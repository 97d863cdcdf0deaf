// The tables' one definition (src/analysis/exports.ts): every money column's header says 万元 in both
// languages, and only because of its kind (no label writes a unit of its own); a table's columns
// are distinct; the exports write the rows the tables show, ids as text and money exact.
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import * as tables from '../../src/analysis/exports';
import type { ExecFormRow } from '../../src/analysis/queries/execution';
import { columnHeader, shownColumns, type TableColumn } from '../../src/format/export-table';
import { formatCell } from '../../src/format/number';
import { xlsxBytes } from '../../src/format/xlsx';

const LISTS = Object.entries(tables).filter((e): e is [string, TableColumn[]] => Array.isArray(e[1]) && e[0].endsWith('_COLUMNS'));

describe('table columns', () => {
  it('are defined for every view table', () => {
    expect(LISTS.map(([n]) => n).sort()).toEqual([
      'CLUSTERS_COLUMNS', 'DEPARTMENT_FORMS_COLUMNS', 'DEPARTMENT_LEVEL_COLUMNS', 'DEPARTMENT_YEARS_COLUMNS', 'FINDINGS_LIST_COLUMNS',
      'FORMS_EXPORT_COLUMNS', 'FORM_FINDINGS_COLUMNS', 'LOW_EXECUTORS_COLUMNS', 'QUANTILE_COLUMNS', 'RANKED_DEPARTMENTS_COLUMNS',
      'RANKED_FORMS_COLUMNS', 'SANGONG_DEPARTMENT_COLUMNS', 'SANGONG_RISERS_COLUMNS', 'SANGONG_YEARS_COLUMNS',
    ]);
  });
  it.each(LISTS)('%s: money headers carry the unit from their kind, in both languages; keys are distinct', (_name, cols) => {
    expect(new Set(cols.map((c) => c.key)).size).toBe(cols.length);
    for (const c of cols) {
      const zh = columnHeader('zh', c);
      const en = columnHeader('en', c);
      expect(zh.endsWith('（万元）')).toBe(c.kind === 'money');
      expect(en.endsWith(' (10k yuan)')).toBe(c.kind === 'money');
      // a label never writes the unit itself: the kind is the one place it comes from
      expect(zh.slice(0, -4)).not.toContain('万元');
      expect(en).not.toMatch(/10k yuan.* \(10k yuan\)|%\)/);
    }
  });
  it('show every column but the export-only ones', () => {
    expect(shownColumns(tables.LOW_EXECUTORS_COLUMNS).map((c) => c.key)).toEqual(['department', 'project', 'year', 'budget_full', 'executed', 'rate', 'exec_rate']);
    expect(tables.LOW_EXECUTORS_COLUMNS[0]).toMatchObject({ key: 'eval_id', kind: 'id', exportOnly: true });
  });
});

describe('view exports', () => {
  const low: ExecFormRow[] = [
    { eval_id: '000123456789012345', year: 2023, region: '青溪县', department: '=HYPERLINK("x")', kind: '项目', project: null, budget_full: '1234567.125', executed: '0.004', rate: '0.000000', exec_rate: null },
  ];
  it('write the shown rows with ids as text, money exact under 2 decimals, the whole-department form named', () => {
    const t = tables.lowExecutorsExportTable(low, 'en');
    expect(t.columns.map((c) => c.header)).toEqual(['Evaluation id', 'Department', 'Project / whole department', 'Year', 'Full-year budget (10k yuan)', 'Executed (10k yuan)', 'Rate', 'Rate stated on form']);
    const wb = XLSX.read(xlsxBytes(t), { type: 'array', cellNF: true });
    const sheet = wb.Sheets[wb.SheetNames[0]];
    expect(sheet.A2).toMatchObject({ t: 's', v: '000123456789012345', z: '@' });
    expect(sheet.B2).toMatchObject({ t: 's', v: '=HYPERLINK("x")' });
    expect(sheet.C2.v).toBe('Whole department');
    expect(sheet.E2).toMatchObject({ t: 'n', v: 1234567.125, z: '#,##0.00' });
    expect(sheet.F2).toMatchObject({ t: 'n', v: 0.004 });
    expect(sheet.H2).toBeUndefined(); // blank stays blank, not 0
    // on screen the same cells read 1,234,567.13 and 0.00 (the exact value is the cell's title)
    expect(formatCell('money', low[0].budget_full)).toBe('1,234,567.13');
  });
  it('rule names in the user\'s language, not ids', () => {
    const rows = [{ rule: 'full-marks', severity: 'medium' as const, year: null, eval_id: null, item: null, field: 'score', detail: '满分', detail_en: 'full' }];
    expect(tables.departmentLevelExportTable(rows, '某局', 'en').rows[0]).toMatchObject({ hits: 'Full marks on every line', severity: 'Medium', year: 'All years', detail: 'full' });
    expect(tables.departmentLevelExportTable(rows, '某局', 'zh').rows[0].hits).not.toBe('full-marks');
  });
  it('the department years: one row per year of forms or 三公, with the peers behind the median', () => {
    const rows = tables.departmentYears(
      [{ year: 2022, region: null, department: 'd', forms: 2, full_marks: 1, full_marks_share: '0.5', mean_total_score: '98.4333', budget_full: '1', executed: '1', dept_budget_full: '10.5', dept_executed: '9', project_budget_full: null, project_executed: null, exec_rate: '0.857143' }],
      [{ year: 2023, region: null, department: 'd', budget: '3', final: '2', prior_final: null, change: null, change_ratio: null } as never],
      [{ year: 2022, score: '40.5', peers_median: '30', peers: 15 } as never],
      [{ year: 2022, severity: 'high', findings: 3 }, { year: 2022, severity: 'low', findings: 1 }],
    );
    expect(rows.map((r) => [r.year, r.has_forms, r.forms, r.findings, r.sangong_final, r.peers])).toEqual([[2022, true, 2, 4, null, 15], [2023, false, 0, 0, '2', null]]);
    expect(formatCell('score', rows[0].mean_total_score)).toBe('98.43');
    expect(tables.departmentYearsExportTable(rows, 'd', 'zh').columns.find((c) => c.key === 'peers')?.header).toBe('同类部门数');
  });
});

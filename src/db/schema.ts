// The tables the app loads (../shared/DATA_CONTRACT.md), as DuckDB sees them. Money is DECIMAL,
// never DOUBLE. Every row remembers the file and line it came from, so a finding can point at it.
import { createAnalysisSchema } from '../analysis/schema';
import type { Engine } from './engine';

/**
 * 万元 with 6 decimals (4 as written; 元 converted to 万元 needs 2 more) and 32 integer digits: a
 * province's 10⁷ 万元 and any real amount up to 10¹² 万元 with room for the rules' products (a rate ×
 * a budget × 100 has 12 decimals and stays below 10²⁶). Above 18 digits DuckDB stores DECIMAL as
 * INT128 anyway, and a product or sum of a DECIMAL(38,·) is DECIMAL(38,·): it never falls back to
 * DECIMAL(18,·) and its overflow (see the DECIMAL widths note in STACK_NOTES.md).
 */
export const MONEY = 'DECIMAL(38,6)';
export const SCORE = 'DECIMAL(12,4)';
export const RATE = 'DECIMAL(12,6)';

const SOURCE = `source_file VARCHAR NOT NULL, source_line INTEGER`;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS evaluations (
  eval_id VARCHAR NOT NULL, year INTEGER NOT NULL, region VARCHAR, department VARCHAR NOT NULL,
  kind VARCHAR NOT NULL, project VARCHAR, unit VARCHAR,
  budget_initial ${MONEY}, budget_full ${MONEY}, executed ${MONEY},
  exec_weight ${SCORE}, exec_rate ${RATE}, exec_score ${SCORE}, total_score ${SCORE},
  goal_target VARCHAR, goal_actual VARCHAR, report_score ${SCORE},
  appropriation_initial ${MONEY}, appropriation_full ${MONEY}, appropriation_executed ${MONEY},
  carryover_initial ${MONEY}, carryover_full ${MONEY}, carryover_executed ${MONEY},
  other_initial ${MONEY}, other_full ${MONEY}, other_executed ${MONEY},
  source_where VARCHAR, -- a document's form: where it sits (第2页，第1张表); NULL for CSV/Parquet rows
  ${SOURCE}
);
CREATE TABLE IF NOT EXISTS indicators (
  eval_id VARCHAR NOT NULL, seq INTEGER NOT NULL,
  level1 VARCHAR, level2 VARCHAR, level3 VARCHAR, target VARCHAR, actual VARCHAR,
  weight ${SCORE}, score ${SCORE}, deviation VARCHAR,
  target_op VARCHAR, target_value DECIMAL(20,6), target_unit VARCHAR,
  actual_op VARCHAR, actual_value DECIMAL(20,6), actual_unit VARCHAR,
  source_where VARCHAR, -- a document's indicator row: its table and cell
  ${SOURCE}
);
CREATE TABLE IF NOT EXISTS spending (
  year INTEGER NOT NULL, region VARCHAR, department VARCHAR NOT NULL, item VARCHAR NOT NULL,
  parent VARCHAR, prior_final ${MONEY}, budget ${MONEY}, final ${MONEY},
  ${SOURCE}
);
CREATE TABLE IF NOT EXISTS staffing (
  year INTEGER NOT NULL, region VARCHAR, department VARCHAR NOT NULL,
  authorized INTEGER, actual INTEGER,
  ${SOURCE}
);
CREATE TABLE IF NOT EXISTS loaded_files (
  file VARCHAR NOT NULL, table_name VARCHAR, origin VARCHAR NOT NULL,
  rows_read INTEGER NOT NULL, rows_loaded INTEGER NOT NULL, rows_rejected INTEGER NOT NULL,
  rows_replaced INTEGER NOT NULL, note VARCHAR,
  -- the batch it came in (one loadFiles call, one pick or drop on the page): forms within one load add up, a later load replaces
  load_id INTEGER NOT NULL,
  -- counted from the data tables after every load: rows_loaded - rows_present later went to other files
  rows_present INTEGER,
  -- JSON {file: rows}: the files that took its rows since (recorded when they did)
  replaced_by VARCHAR
);
CREATE TABLE IF NOT EXISTS rejected_rows (
  file VARCHAR NOT NULL, line INTEGER, reason VARCHAR NOT NULL
);
`;

/**
 * A department's kind, read from its name because no export carries it: 乡镇 (towns, 街道),
 * 党委部门 (Party organs, 中共… / …委员会办公室), 事业单位 (public institutions: 中心, 站, 院 …),
 * and 政府部门 for the rest. Peers are compared within a kind, and the overview filters by it.
 */
export const DEPARTMENT_KIND_SQL = `
CREATE OR REPLACE MACRO department_kind(d) AS CASE
  WHEN regexp_matches(d, '(镇|乡|街道|街道办事处)(人民政府)?$') THEN '乡镇街道'
  WHEN regexp_matches(d, '^中共|委员会办公室$|党委|纪委|纪律检查|组织部|宣传部|统战部|政法委|编办|机构编制') THEN '党委部门'
  WHEN regexp_matches(d, '(中心|站|所|院|馆|队|学校|中学|小学|幼儿园|医院|台)$') THEN '事业单位'
  ELSE '政府部门' END;
`;
export const DEPARTMENT_KINDS = ['党委部门', '政府部门', '乡镇街道', '事业单位'] as const;

/**
 * One row per department the data names (in any of the four tables), with its kind: what a
 * researcher joins on (region, department) or groups by, instead of repeating department_kind().
 * A view, so it is never stale and nothing has to rebuild it after a load.
 */
export const DEPARTMENTS_VIEW_SQL = `
CREATE OR REPLACE VIEW departments AS
SELECT region, department, department_kind(department) AS dept_kind,
  min(year) AS first_year, max(year) AS last_year, count(eval_id) AS forms
FROM (SELECT region, department, year, eval_id FROM evaluations
      UNION ALL SELECT region, department, year, NULL FROM spending
      UNION ALL SELECT region, department, year, NULL FROM staffing)
GROUP BY region, department;
`;

export const DATA_TABLES = ['evaluations', 'indicators', 'spending', 'staffing'] as const;
export type DataTable = (typeof DATA_TABLES)[number];

/** The tables, the department_kind() macro, and the analysis' views over them (analysis/schema.ts). */
export async function createSchema(engine: Engine): Promise<void> {
  await engine.exec(SCHEMA_SQL);
  await engine.exec(DEPARTMENT_KIND_SQL);
  await createAnalysisSchema(engine);
  await engine.exec(DEPARTMENTS_VIEW_SQL);
}

/** Empties every table: "start over" in the app. */
export async function clearAll(engine: Engine): Promise<void> {
  for (const t of [...DATA_TABLES, 'loaded_files', 'rejected_rows']) await engine.exec(`DELETE FROM ${t}`);
}

// The tables the app loads (../shared/DATA_CONTRACT.md), as DuckDB sees them. Money is DECIMAL,
// never DOUBLE. Every row remembers the file and line it came from, so a finding can point at it.
import type { Engine } from './engine';

export const MONEY = 'DECIMAL(18,6)'; // 万元 with up to 4 decimals; 元 converted to 万元 needs 2 more
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
  ${SOURCE}
);
CREATE TABLE IF NOT EXISTS indicators (
  eval_id VARCHAR NOT NULL, seq INTEGER NOT NULL,
  level1 VARCHAR, level2 VARCHAR, level3 VARCHAR, target VARCHAR, actual VARCHAR,
  weight ${SCORE}, score ${SCORE}, deviation VARCHAR,
  target_op VARCHAR, target_value DECIMAL(20,6), target_unit VARCHAR,
  actual_op VARCHAR, actual_value DECIMAL(20,6), actual_unit VARCHAR,
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
  rows_replaced INTEGER NOT NULL, note VARCHAR
);
CREATE TABLE IF NOT EXISTS rejected_rows (
  file VARCHAR NOT NULL, line INTEGER, reason VARCHAR NOT NULL
);
`;

export const DATA_TABLES = ['evaluations', 'indicators', 'spending', 'staffing'] as const;
export type DataTable = (typeof DATA_TABLES)[number];

export async function createSchema(engine: Engine): Promise<void> {
  await engine.exec(SCHEMA_SQL);
}

/** Empties every table: "start over" in the app. */
export async function clearAll(engine: Engine): Promise<void> {
  for (const t of [...DATA_TABLES, 'loaded_files', 'rejected_rows']) await engine.exec(`DELETE FROM ${t}`);
}

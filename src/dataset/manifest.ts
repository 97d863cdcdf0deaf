// A dataset: the loaded tables and their analysis, written once as Hive-partitioned Parquet
// (`<table>/year=YYYY/region=R/*.parquet`) with a manifest, so that a provincial or national
// collection can be served from an intranet web server and opened by the app partition by
// partition, or read in place by native DuckDB. The manifest is what the app fetches first: it
// says which file holds which (year, region), how big it is, and with which rule settings the
// cached analysis was computed.
import type { Filters } from '../analysis/queries/filters';
import { VIEW_CACHE_TABLES, type ViewCache } from '../analysis/queries/cache-state';
import { RULES } from '../analysis/rules/index';

export const DATASET_FORMAT = 'selfeval-lens-dataset/1';
export const MANIFEST = 'manifest.json';

/** Tables split into partitions; the last three are the cached analysis. */
export const PARTITIONED_TABLES = ['evaluations', 'indicators', 'spending', 'staffing', 'findings', 'form_scores', 'department_scores'] as const;
/**
 * The big tables are split by year and region (`year=/region=`): a view filtered to a county reads
 * that county's files. The ones with a row per form or department at most are split by year only:
 * every view needs them whole (filter choices, peers, rankings), and a province's 89 counties × 4
 * years would make them hundreds of tiny files to fetch.
 */
export const BY_REGION: readonly string[] = ['indicators', 'spending', 'findings'];
/** The load report: small, one file each. */
export const REPORT_TABLES = ['loaded_files', 'rejected_rows'] as const;
/**
 * One file each: the load report, and the views' cache (analysis/queries/cache.ts), which describes
 * the whole dataset at once (numbering of forms and departments, counts over all years).
 */
export const WHOLE_TABLES = [...REPORT_TABLES, ...VIEW_CACHE_TABLES] as const;
/** What the analysis computes: taken from the files only while their thresholds and rules are the page's. */
export const ANALYSIS_TABLES: readonly string[] = ['findings', 'form_scores', 'department_scores', ...VIEW_CACHE_TABLES];
export type DatasetTable = (typeof PARTITIONED_TABLES)[number] | (typeof WHOLE_TABLES)[number];

export interface PartitionFile {
  /** Relative to the dataset folder, as on disk ('/' separated; region percent-encoded by DuckDB). */
  path: string;
  /** NULL for rows without a year or region (Hive's __HIVE_DEFAULT_PARTITION__), and for whole tables. */
  year: number | null;
  region: string | null;
  rows: number;
  bytes: number;
}

export interface DatasetManifest {
  format: typeof DATASET_FORMAT;
  created: string;
  /** The rule thresholds the cached analysis ran with, as the URL and `--set` write them. */
  settings: string[];
  /** Which rule catalogue computed the cached analysis: another one means the analysis is re-run. */
  rules: string;
  /** What the views' cache says of itself (null: the dataset has none, the views read the base tables). */
  viewCache: ViewCache | null;
  tables: Record<DatasetTable, PartitionFile[]>;
}

/** A fingerprint of the rule catalogue (ids and SQL text): FNV-1a, 32 bits, hex. */
export function rulesFingerprint(): string {
  let h = 0x811c9dc5;
  for (const r of RULES) {
    for (const ch of `${r.id}\u0000${r.sql}\u0000`) {
      h ^= ch.codePointAt(0)!;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}

/** Checks what a server sent before anything is fetched on its word. */
export function parseManifest(json: unknown): DatasetManifest {
  const m = json as Partial<DatasetManifest> | null;
  if (!m || m.format !== DATASET_FORMAT) throw new Error(`不是本工具的数据集清单 / not a dataset manifest (format ${String(m?.format)})`);
  if (!Array.isArray(m.settings) || typeof m.rules !== 'string' || !m.tables) throw new Error('数据集清单不完整 / incomplete dataset manifest');
  for (const t of [...PARTITIONED_TABLES, ...WHOLE_TABLES]) {
    const files = m.tables[t];
    if (!Array.isArray(files)) throw new Error(`数据集清单缺少表 ${t} / manifest lacks table ${t}`);
    for (const f of files) {
      // Paths stay inside the dataset folder: no scheme, no absolute path, no '..'.
      if (typeof f.path !== 'string' || /^[a-z]+:|^\/|(^|\/)\.\.(\/|$)/i.test(f.path)) throw new Error(`数据集清单中的路径不安全 / unsafe path in manifest: ${String(f.path)}`);
    }
  }
  return m as DatasetManifest;
}

/**
 * The files of `table` that hold rows the filters can select: the chosen years and regions, plus
 * the rows pinned to no year or region (a department's all-years score, data without a region).
 */
export function filesFor(manifest: DatasetManifest, table: DatasetTable, filters: Filters = {}): PartitionFile[] {
  const years = filters.years?.length ? new Set(filters.years) : null;
  const regions = filters.regions?.length ? new Set(filters.regions) : null;
  return manifest.tables[table].filter(
    (f) => (!years || f.year == null || years.has(f.year)) && (!regions || f.region == null || regions.has(f.region)),
  );
}

/** A file's URL under the dataset's base URL: each path segment encoded ('%' of DuckDB's encoding included). */
export function fileUrl(base: string, path: string): string {
  return `${base.replace(/\/?$/, '/')}${path.split('/').map(encodeURIComponent).join('/')}`;
}

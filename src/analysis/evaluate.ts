// How well the rules find planted faults: precision and recall of each fault kind against a ground
// truth (the generator's truth.csv), computed over the `findings` table that runRules() leaves.
//
// A truth row names a fault kind — a rule id — and where it is: a form (eval_id), or, for 附件1
// spending faults (blank eval_id), a department and year. The unit counted is therefore the form for
// form faults and the department-year for spending faults: a rule that fires three times on one form
// found that form once. A spending fault's item is not matched: one broken 三公 breakdown may show on
// the 三公经费 line or on the 公务用车 line below it, and either is the same fault found. The region is
// matched only when the truth gives one (truth.csv of a single county has none).
//
// precision = found units that are in the truth ÷ found units; recall = truth units found ÷ truth units.
import Papa from 'papaparse';
import type { Engine } from '../db/engine';
import { RULES } from './rules/index';

export interface TruthRow {
  /** The fault kind: a rule id. */
  fault: string;
  /** The form at fault; null for 附件1 spending faults. */
  eval_id: string | null;
  region?: string | null;
  department: string;
  year: number;
  /** The 附件1 item of a spending fault, else null. Informational: not matched (see above). */
  item: string | null;
}

export interface RuleEvaluation {
  rule: string;
  /** Distinct truth units (forms or department-years) of this fault kind. */
  truth: number;
  /** Distinct units the rule fired on. */
  found: number;
  /** Found units that are in the truth. */
  true_positive: number;
  /** true_positive ÷ found; null when the rule found nothing. */
  precision: number | null;
  /** truth units found ÷ truth; null when the truth has none. */
  recall: number | null;
}

/** truth.csv (columns fault, eval_id, department, year, item; optionally region) as TruthRows. */
export function parseTruthCsv(text: string): TruthRow[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`truth: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
  const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
  return parsed.data.map((r, i) => {
    const year = Number(r.year);
    if (!r.fault?.trim() || !r.department?.trim() || !Number.isInteger(year)) throw new Error(`truth: bad row ${i + 2}`);
    return { fault: r.fault.trim(), eval_id: blank(r.eval_id), region: blank(r.region), department: r.department.trim(), year, item: blank(r.item) };
  });
}

interface Unit {
  eval_id: string | null;
  region: string | null;
  department: string | null;
  year: number | null;
}

/** The key a row is counted under: its form, or its department-year (with the region when it counts). */
function unitKey(u: Unit, byForm: boolean, withRegion: boolean): string | null {
  if (byForm) return u.eval_id;
  if (u.department === null || u.year === null) return null;
  return [withRegion ? (u.region ?? '') : '', u.department, u.year].join('\u0001');
}

/**
 * Precision and recall of every fault kind in `truth`, in catalogue order (unknown kinds last).
 * Needs the `findings` table: call runRules() first.
 */
export async function evaluateAgainstTruth(engine: Engine, truth: readonly TruthRow[]): Promise<RuleEvaluation[]> {
  const kinds = [...new Set(truth.map((t) => t.fault))];
  const order = new Map(RULES.map((r, i) => [r.id, i]));
  kinds.sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b));
  const findings = kinds.length
    ? await engine.query<Unit & { rule: string }>(
        `SELECT DISTINCT rule, eval_id, region, department, year FROM findings WHERE rule IN (${kinds.map(() => '?').join(', ')})`,
        kinds,
      )
    : [];
  return kinds.map((rule) => {
    const rows = truth.filter((t) => t.fault === rule);
    const byForm = rows.every((t) => t.eval_id !== null);
    const withRegion = rows.some((t) => t.region);
    const keys = (us: readonly Unit[]) =>
      new Set(us.map((u) => unitKey(u, byForm, withRegion)).filter((k): k is string => k !== null));
    const want = keys(rows.map((t) => ({ eval_id: t.eval_id, region: t.region ?? null, department: t.department, year: t.year })));
    const got = keys(findings.filter((f) => f.rule === rule));
    const hit = [...got].filter((k) => want.has(k)).length;
    return {
      rule,
      truth: want.size,
      found: got.size,
      true_positive: hit,
      precision: got.size ? hit / got.size : null,
      recall: want.size ? hit / want.size : null,
    };
  });
}

// The indicator key: which indicator rows are "the same indicator" for copy detection — the same
// 三级指标 and 年度指标值 after norm() (rules/sql.ts), blank 三级指标 never. One definition, read by the
// copied-indicators rule and the findings view's copied clusters through form_indicators.indicator_key.
// A hash (UBIGINT) of the two normalised texts' keys: it joins and groups far faster than the texts.

/** The key from the textKey()s of the 三级指标 and the 指标值 (SQL expressions); NULL when the 三级指标 is blank. */
export function indicatorKey(level3Key: string, targetKey: string): string {
  return `CASE WHEN ${level3Key} IS NOT NULL THEN hash(${level3Key}, ${targetKey}) END`;
}

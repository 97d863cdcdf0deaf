/**
 * A form's identity when the export gives no 评价编号: region, department, year, kind and project
 * together name one form. Readable on purpose — it is what a user sees in a finding.
 */
export function deriveEvalId(
  region: string | null,
  department: string,
  year: string,
  kind: string,
  project: string | null,
): string {
  return [region ?? '', department, year, kind, project ?? ''].join('/');
}

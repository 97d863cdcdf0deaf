// Which department a name in a link means. Department names repeat across regions (two counties may
// both have a 财政局), so a link names the department and, when it matters, its region through the
// region filter. Of the departments of that name, those in a filtered region are meant; when the
// filter names none of them it does not apply, and every region with the name stays a candidate.
// One department left: that one; several: the page asks which.

/** A department as the data knows it: its name within its region (null: files that name none). */
export interface NamedDepartment {
  department: string;
  region: string | null;
}

export interface DepartmentChoiceResult<T extends NamedDepartment> {
  /** The departments the name can still mean, in the order given. */
  matching: T[];
  /** The one department meant, or null while the name is ambiguous (or unknown). */
  chosen: T | null;
}

/** `candidates` (the departments of one name) narrowed by the region filter `regions`. */
export function chooseDepartment<T extends NamedDepartment>(candidates: readonly T[], regions: readonly string[]): DepartmentChoiceResult<T> {
  const inRegion = candidates.filter((c) => c.region != null && regions.includes(c.region));
  const matching = inRegion.length > 0 ? inRegion : [...candidates];
  return { matching, chosen: matching.length === 1 ? matching[0] : null };
}

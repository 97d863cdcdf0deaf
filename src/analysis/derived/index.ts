// The concepts the analysis derives from the loaded tables, each defined once (one file each, with
// what it means): the rules, the views' cache and queries, the CLI and the SQL view read them by name.
// See objects.ts for how they live: a VIEW from the start, a TABLE once the analysis pass built it.
import { FORM_INDICATORS } from './form-indicators';
import { FORM_RULE_HITS } from './form-rule-hits';
import { FULL_MARKS_FORMS } from './full-marks-forms';
import { NORMALISED_TEXTS } from './normalised-texts';
import type { Derived } from './objects';
import { SANGONG_LINES } from './sangong-lines';

/**
 * The concepts read from the data tables, in build order (one may read those before it): the rules
 * read them, so the analysis pass builds them before the rules run (../prepare.ts).
 */
export const DATA_CONCEPTS: readonly Derived[] = [NORMALISED_TEXTS, FORM_INDICATORS, FULL_MARKS_FORMS, SANGONG_LINES];

/** The concepts read from the rules' findings: views, after `findings`. */
export const FINDING_CONCEPTS: readonly Derived[] = [FORM_RULE_HITS];

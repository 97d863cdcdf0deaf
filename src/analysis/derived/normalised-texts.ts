// normalised_texts(text, norm, key): every distinct text a rule compares — the indicators' 三级指标,
// 指标值, 实际完成值 and 偏差原因, the forms' project and goals, the 附件1 items — with its norm() and
// textKey() (rules/sql.ts). A province holds ~1 M indicator rows but ~100 k distinct texts, and norm()
// (a translate and a Unicode regex) is the costly part, so it runs once per text, here.
import { norm, textKey } from '../rules/sql';
import type { Derived } from './objects';

export const NORMALISED_TEXTS: Derived = {
  name: 'normalised_texts',
  sql: `
SELECT text, n AS norm, ${textKey('n')} AS key
FROM (
  SELECT text, ${norm('text')} AS n
  FROM (
    SELECT level3 AS text FROM indicators
    UNION SELECT target FROM indicators
    UNION SELECT actual FROM indicators
    UNION SELECT deviation FROM indicators
    UNION SELECT project FROM evaluations
    UNION SELECT goal_target FROM evaluations
    UNION SELECT goal_actual FROM evaluations
    UNION SELECT item FROM spending
  )
  WHERE text IS NOT NULL
)`,
};

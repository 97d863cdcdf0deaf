// Settings more than one rule reads. Each is one object, so the catalogue sees one setting, whichever
// rule lists it (./index.ts refuses two different settings of one name).
import { listSetting, numberSetting } from './rule';

/** total-sum, report-mismatch: a claimed total vs the sum it should be, in points. */
export const totalTolerance = numberSetting(0.1, '总分与得分合计允许误差（分）', 'Total vs sum of scores tolerance (points)');

/** Text that says nothing: a 偏差原因 or 实际完成情况 of only this counts as blank. */
export const placeholders = listSetting(
  ['无', '无偏差', '已完成', '0', '/', '-', '—', '／', '无。', '不适用', '未发生偏差'],
  '视为空白的占位词',
  'Placeholder words that count as blank',
);

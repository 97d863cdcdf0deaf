// Words of the rule-threshold panel (规则阈值): provinces set some tolerances differently. Each
// threshold's own name is its rule's (rules/*.ts `settings`).
const zh = {
  'settings.title': '规则阈值设置',
  'settings.intro': '各省口径不同：改动下列阈值后点“应用”，规则将按新阈值重新运行；阈值写入网址，链接可复现。',
  'settings.changed': '已改 {n} 项',
  'settings.default': '默认 {v}',
  'settings.apply': '应用',
  'settings.reset': '恢复默认',
} as const;

export const settingsWords = { zh, en: {
  'settings.title': 'Rule thresholds',
  'settings.intro': 'Provinces differ: change a threshold and press Apply to re-run the rules with it. The thresholds go into the URL, so a link reproduces them.',
  'settings.changed': '{n} changed',
  'settings.default': 'default {v}',
  'settings.apply': 'Apply',
  'settings.reset': 'Back to defaults',
} satisfies Record<keyof typeof zh, string> };

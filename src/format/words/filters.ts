// Words of the filter bar every analysis view shows: year, region, department kind.
const zh = {
  'filters.label': '筛选',
  'filters.years': '年度',
  'filters.regions': '地区',
  'filters.deptKinds': '部门类型',
  'filters.clear': '清除筛选',
  'filters.none': '（全部）',
  'dkind.党委部门': '党委部门',
  'dkind.政府部门': '政府部门',
  'dkind.乡镇街道': '乡镇街道',
  'dkind.事业单位': '事业单位',
} as const;

export const filtersWords = { zh, en: {
  'filters.label': 'Filters',
  'filters.years': 'Year',
  'filters.regions': 'Region',
  'filters.deptKinds': 'Department kind',
  'filters.clear': 'Clear filters',
  'filters.none': '(all)',
  'dkind.党委部门': 'Party bodies',
  'dkind.政府部门': 'Government departments',
  'dkind.乡镇街道': 'Townships and subdistricts',
  'dkind.事业单位': 'Public institutions',
} satisfies Record<keyof typeof zh, string> };

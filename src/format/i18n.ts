// The words on screen, by key. Chinese is the default; English sits beside it with the same keys
// (the type makes a missing English key a compile error). Components use keys, never sentences.
export type Lang = 'zh' | 'en';

const zh = {
  'app.title': '绩效自评透视',
  'app.lang.switch': 'English',
  'data.about.title': '数据说明',
  'data.about.real': '一个真实部门的 2023 年度绩效自评材料（data/seed），按原样转录。',
  'data.about.sample': '由程序生成的县级示例（data/sample），用于演示，不代表任何真实部门。',
  'data.about.own': '你在本页添加的文件，只在本浏览器中处理，不会上传到任何地方。',
  'counts.title': '已载入',
  'counts.departments': '部门',
  'counts.forms': '自评表',
  'counts.indicators': '三级指标',
  'counts.spending': '经费明细',
  'add.title': '添加文件',
  'add.drop': '把 CSV 或 Parquet 文件（可多个）拖到这里',
  'add.files': '选择文件…',
  'add.folder': '选择文件夹…',
  'add.clear': '清空',
  'add.reload': '重新载入内置数据',
  'progress.label': '正在载入',
  'progress.starting': '正在启动数据库…',
  'files.title': '已载入的文件',
  'files.none': '还没有载入任何文件。',
  'files.file': '文件',
  'files.table': '识别为',
  'files.origin': '来源',
  'files.read': '读取行数',
  'files.loaded': '载入行数',
  'files.rejected': '拒收行数',
  'files.replaced': '替换行数',
  'files.notes': '备注',
  'table.evaluations': '自评表',
  'table.indicators': '绩效指标',
  'table.spending': '经费控制',
  'table.staffing': '人员编制',
  'table.unknown': '未识别',
  'origin.real': '真实数据',
  'origin.sample': '示例数据',
  'origin.own': '自有数据',
  'rejected.title': '拒收的行',
  'rejected.none': '没有拒收的行。',
  'rejected.file': '文件',
  'rejected.line': '行号',
  'rejected.reason': '原因',
  'rejected.more': '只显示前 {shown} 条，共 {total} 条。',
  'error.title': '出错了',
  'chart.download': '下载图片',
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  'app.title': 'Self-evaluation lens',
  'app.lang.switch': '中文',
  'data.about.title': 'About the data',
  'data.about.real': 'One real department’s 2023 performance self-evaluation (data/seed), transcribed as published.',
  'data.about.sample': 'A generated county sample (data/sample) for demonstration; it describes no real department.',
  'data.about.own': 'Files you add on this page. They are processed in this browser only and never uploaded.',
  'counts.title': 'Loaded',
  'counts.departments': 'Departments',
  'counts.forms': 'Forms',
  'counts.indicators': 'Indicators',
  'counts.spending': 'Spending lines',
  'add.title': 'Add files',
  'add.drop': 'Drop CSV or Parquet files here (several at once)',
  'add.files': 'Choose files…',
  'add.folder': 'Choose a folder…',
  'add.clear': 'Start over',
  'add.reload': 'Reload bundled data',
  'progress.label': 'Loading',
  'progress.starting': 'Starting the database…',
  'files.title': 'Loaded files',
  'files.none': 'No files loaded yet.',
  'files.file': 'File',
  'files.table': 'Recognised as',
  'files.origin': 'Origin',
  'files.read': 'Rows read',
  'files.loaded': 'Loaded',
  'files.rejected': 'Rejected',
  'files.replaced': 'Replaced',
  'files.notes': 'Notes',
  'table.evaluations': 'Evaluation forms',
  'table.indicators': 'Indicators',
  'table.spending': 'Spending control',
  'table.staffing': 'Staffing',
  'table.unknown': 'Not recognised',
  'origin.real': 'Real data',
  'origin.sample': 'Sample data',
  'origin.own': 'Your data',
  'rejected.title': 'Rejected rows',
  'rejected.none': 'No rows were rejected.',
  'rejected.file': 'File',
  'rejected.line': 'Line',
  'rejected.reason': 'Reason',
  'rejected.more': 'Showing the first {shown} of {total}.',
  'error.title': 'Something went wrong',
  'chart.download': 'Download PNG',
};

const dictionaries: Record<Lang, Record<Key, string>> = { zh, en };

/** The text for `key`, with `{name}` placeholders filled from `vars`. */
export function translate(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function isLang(s: string | null): s is Lang {
  return s === 'zh' || s === 'en';
}

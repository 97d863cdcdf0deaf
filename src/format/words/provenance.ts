// Words of the provenance line every summary view shows and prints: what data its figures come from.
const zh = {
  'provenance.label': '数据来源',
  'provenance.timeSep': '，',
  'provenance.groupSep': '；',
  'provenance.group': '{origin} {n} 个文件（{files}）',
  'provenance.groupOne': '{origin} 1 个文件（{files}）',
  'provenance.more': '{files} 等',
  'provenance.at': '载入于 {time}',
  'provenance.between': '载入于 {from} 至 {to}',
  'provenance.dataset': '数据集 {url}（生成于 {created}，打开于 {opened}）',
  'provenance.mixed': '含示例数据：真实或自有数据与生成的示例数据同时载入，以下数字混合了两者。',
  'provenance.sampleOnly': '示例数据：以下数字来自生成的虚构数据，不是真实数据。',
  'provenance.none': '尚未载入数据。',
  'provenance.invite': '尚未载入数据，没有可以汇总的内容。请先在“数据”页添加自评表文件，或载入内置数据。',
  'provenance.openData': '前往数据页载入',
} as const;

export const provenanceWords = { zh, en: {
  'provenance.label': 'Data',
  'provenance.timeSep': ', ',
  'provenance.groupSep': '; ',
  'provenance.group': '{origin}, {n} files ({files})',
  'provenance.groupOne': '{origin}, 1 file ({files})',
  'provenance.more': '{files} and more',
  'provenance.at': 'loaded {time}',
  'provenance.between': 'loaded {from} to {to}',
  'provenance.dataset': 'dataset {url} (written {created}, opened {opened})',
  'provenance.mixed': 'Includes sample data: real or your own data and generated sample data are loaded together; the figures below mix both.',
  'provenance.sampleOnly': 'Sample data: the figures below come from generated, fictional data, not real data.',
  'provenance.none': 'No data loaded.',
  'provenance.invite': 'No data is loaded, so there is nothing to summarise. Add self-evaluation files on the Data page, or load the bundled data.',
  'provenance.openData': 'Go to the Data page',
} satisfies Record<keyof typeof zh, string> };

// Words for running out of memory (format/memory.ts): what happened and what to do, in place of
// DuckDB's advice (SET temp_directory, memory_limit), which the page cannot follow.
const zh = {
  'memory.what': '内存不足：浏览器里的数据库已用完它能用的内存{limit}，这一步没有完成。',
  'memory.kept': '已经载入的数据没有丢失，仍可照常查看和查询。',
  'memory.todo': '可以这样做：少载入几个年度的文件；或打开在服务器上准备好的数据集（网址加 ?dataset=…，见 npm run dataset）；或在命令行用 npm run analyze -- --engine native 处理这些文件，它不受浏览器内存的限制。',
  'memory.limit': '（上限 {limit}）',
  'memory.detail': 'DuckDB 的原话：{detail}',
} as const;

export const memoryWords = { zh, en: {
  'memory.what': 'Out of memory: the database in this browser used all the memory it may have{limit}, and this step did not finish.',
  'memory.kept': 'What was already loaded is still there and can be viewed and queried as before.',
  'memory.todo': 'What to do: load fewer years of files; or open a dataset prepared on a server (add ?dataset=… to the address, see npm run dataset); or process the files on the command line with npm run analyze -- --engine native, which browser memory does not limit.',
  'memory.limit': ' (limit {limit})',
  'memory.detail': 'DuckDB said: {detail}',
} satisfies Record<keyof typeof zh, string> };

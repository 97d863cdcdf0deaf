// npm run --silent review -- --notice OUT_DIR [--review FILE] [--bureau NAME] [--date TEXT] [--due TEXT]
//   [--ref TEXT] [--lang zh|en] [--engine wasm|native] [--set NAME=VALUE]... [--region NAME] PATH...
// The review's notices for a pipeline: loads PATH… as analyze does, runs the rules, applies the
// marks of a review file (JSON or CSV, as the app exports it), and writes one 复核意见书 (.docx) per
// department and year with open findings into OUT_DIR — the same SQL and the same model as the
// app's notice view. Prints one line per notice written.
import fs from 'node:fs';
import path from 'node:path';
import { analyse } from '../analysis/analyse';
import { failureText } from '../analysis/findings';
import { parseSettings } from '../analysis/settings';
import { tableCounts } from '../analysis/queries/load-report';
import { isLang } from '../format/i18n';
import { readReviewFile } from '../review/file';
import { buildNotice, defaultNoticeSettings, noticeDepartments, type NoticeSettings } from '../review/notice';
import { noticeFileName, noticesDocx } from '../review/notice-docx';
import { importMarks, type ReviewMark } from '../review/store';
import { onEngine, print } from '../node/print';
import { engineArg, openEngine, openSources, readOptionsArg } from '../node/sources';

const USAGE =
  'usage: npm run --silent review -- --notice OUT_DIR [--review FILE] [--bureau NAME] [--date TEXT] [--due TEXT] [--ref TEXT] [--lang zh|en]\n' +
  '         [--engine wasm|native] [--set NAME=VALUE]... [--region NAME] PATH...\n' +
  '  --notice OUT_DIR  one 复核意见书 (.docx) per department and year with open findings\n' +
  '  --review FILE     the marks of a review (JSON or CSV exported by the app): dismissed findings leave the notices\n';

const VALUED = ['--notice', '--review', '--bureau', '--date', '--due', '--ref', '--lang', '--set', '--engine', '--region'];

async function main(argv: string[]): Promise<number> {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const paths = argv.filter((a, i) => !a.startsWith('--') && !VALUED.includes(argv[i - 1]));
  const out = value('--notice');
  const lang = value('--lang') ?? 'zh';
  let settings;
  let kind;
  let options;
  try {
    settings = parseSettings(argv.flatMap((a, i) => (a === '--set' ? [argv[i + 1] ?? ''] : [])));
    kind = engineArg(argv);
    options = readOptionsArg(argv);
    if (!isLang(lang)) throw new Error(`--lang: zh or en, not ${lang}`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (!out || paths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const reviewPath = value('--review');
  let marks: ReviewMark[] | undefined;
  if (reviewPath) {
    if (!fs.existsSync(reviewPath)) {
      process.stderr.write(`复核文件不存在 / no such review file: ${reviewPath}\n`);
      return 1;
    }
    const file = readReviewFile(fs.readFileSync(reviewPath, 'utf8'));
    // A line that is not a mark is named, never dropped silently; the others apply.
    for (const p of file.problems) process.stderr.write(`${reviewPath}${p.line == null ? '' : `:${p.line}`}: ${p.reason}\n`);
    marks = file.marks;
  }

  return onEngine(await openEngine(kind), async (engine) => {
    await openSources(engine, kind, paths, options);
    if (Object.values(await tableCounts(engine)).every((n) => n === 0)) {
      process.stderr.write('没有载入任何数据 / nothing could be loaded\n');
      return 1;
    }
    const { failedRules } = await analyse(engine, settings);
    for (const f of failedRules) process.stderr.write(`${failureText(f)}\n`);
    if (marks) {
      const r = await importMarks(engine, marks);
      process.stderr.write(`复核标记 ${r.marks} 条，其中 ${r.matched} 条对应已载入的发现 / review marks: ${r.marks}, ${r.matched} matching a loaded finding\n`);
    }
    fs.mkdirSync(out, { recursive: true });
    const lines: string[] = [];
    for (const d of await noticeDepartments(engine)) {
      if (d.open === 0) continue;
      const given: NoticeSettings = { ...defaultNoticeSettings(d.region, new Date(), lang) };
      for (const [flag, key] of [['--bureau', 'bureau'], ['--date', 'date'], ['--due', 'due'], ['--ref', 'reference']] as const) {
        const v = value(flag);
        if (v != null) given[key] = v;
      }
      const notice = await buildNotice(engine, d, given, lang);
      const file = path.join(out, noticeFileName(d));
      fs.writeFileSync(file, await noticesDocx([notice]));
      lines.push(`${file}\t${notice.sections.reduce((n, s) => n + s.findings.length, 0)}`);
    }
    await print(lines.length ? lines.join('\n') + '\n' : '');
    if (lines.length === 0) process.stderr.write('没有待更正的发现，未生成意见书 / no open findings, no notice written\n');
    return 0;
  });
}

main(process.argv.slice(2)).then((code) => process.exit(code));

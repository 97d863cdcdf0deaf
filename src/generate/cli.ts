// npm run generate -- [--scale county|province|national] [--rows N] [--seed N] [--format csv|parquet|both[,txt,html,docx,xlsx,xls,pdf,xlsx-flat]]
//                     [--encoding utf8|gbk] [--out DIR] [--headers zh|en]
import { pathToFileURL } from 'node:url';
import { DOCUMENT_FORMATS, generate, type DocumentFormat, type Options } from './generate';

const USAGE = `usage: npm run generate -- [--scale county|province|national] [--rows N] [--seed N]
       [--format csv|parquet|both[,txt][,html][,docx][,xlsx][,xls][,pdf][,xlsx-flat]] [--encoding utf8|gbk] [--out DIR] [--headers zh|en]
  txt, html, docx, xlsx, xls, pdf: also one document per department (its 附件 forms as published)
  under DIR/documents/<county>/; pdf prints with Chromium (/usr/bin/chromium)`;

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function positiveInt(name: string, value: string): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number, not "${value}"`);
  return v;
}

/** A comma list: at most one of csv/parquet/both (the tables; csv when none), any document formats. */
function formats(o: Options, value: string): void {
  const list = value.split(',').map((v) => v.trim()).filter(Boolean);
  const tables = list.filter((v) => !(DOCUMENT_FORMATS as readonly string[]).includes(v));
  if (tables.length > 1) throw new Error(`--format takes one of csv, parquet, both, not "${tables.join(',')}"`);
  if (tables.length) o.format = oneOf('format', tables[0], ['csv', 'parquet', 'both']);
  o.documents = list.filter((v): v is DocumentFormat => (DOCUMENT_FORMATS as readonly string[]).includes(v));
}

export function parseArgs(argv: string[]): Options {
  const o: Options = { scale: 'county', seed: 1, format: 'csv', documents: [], encoding: 'utf8', out: 'data/sample', headers: 'zh' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    if (!flag.startsWith('--') || value === undefined) throw new Error(`unexpected argument "${flag}"\n${USAGE}`);
    i++;
    switch (flag.slice(2)) {
      case 'scale': o.scale = oneOf('scale', value, ['county', 'province', 'national']); break;
      case 'rows': o.rows = positiveInt('rows', value); break;
      case 'seed': o.seed = positiveInt('seed', value); break;
      case 'format': formats(o, value); break;
      case 'encoding': o.encoding = oneOf('encoding', value, ['utf8', 'gbk']); break;
      case 'out': o.out = value; break;
      case 'headers': o.headers = oneOf('headers', value, ['zh', 'en']); break;
      default: throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  const s = await generate(options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${s.plan.counties} ${s.plan.counties === 1 ? 'county' : 'counties'}${s.plan.provinces > 1 ? ` in ${s.plan.provinces} provinces` : ''} × ${s.plan.years.length} years (${s.plan.years[0]}–${s.plan.years.at(-1)}), ` +
      `${s.departments} departments: ${s.rows.evaluations} forms, ${s.rows.indicators} indicator rows, ` +
      `${s.rows.spending} spending lines, ${s.rows.staffing} staffing rows, ${s.faults} planted faults → ${options.out} (${seconds.toFixed(1)} s)`,
  );
}

// Run when started as the command, not when a test imports parseArgs.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

// One department's documents on disk, in each format asked for.
import fs from 'node:fs';
import path from 'node:path';
import type { Encoding } from '../writers';
import type { Row, TableName } from '../tables';
import { pageHtml } from './html';
import { departmentDocument } from './layout';
import { wordText } from './text';
import { encodeGbk } from '../gbk';

export function writeDepartmentDocuments(
  dir: string, department: string, rows: Record<TableName, Row[]>, seed: number, formats: readonly ('txt' | 'html')[], encoding: Encoding,
): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const format of formats) {
    const file = `${department}.${format}`;
    const layout = departmentDocument(rows, seed, file);
    const bytes = format === 'html'
      ? pageHtml(layout, `${department}绩效自评材料`, encoding)
      : encoding === 'gbk' ? encodeGbk(wordText(layout)) : new TextEncoder().encode(wordText(layout));
    fs.writeFileSync(path.join(dir, file), bytes);
  }
}

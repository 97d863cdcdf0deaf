// The notice as Word (.docx), which offices exchange: one section per department and year, each
// starting on a new page, A4 with 2.5 cm margins — or several departments' notices as a zip of one
// .docx each. Written with the `docx` package, loaded only when a notice is downloaded (its own chunk
// in the app). Lists exactly the model's findings (notice.ts).
import { translate } from '../format/i18n';
import type { DepartmentYear, Notice } from './notice';

/** A notice's file name, REGION-DEPARTMENT-YEAR.docx: nothing a file system refuses, no path. */
export function noticeFileName(d: DepartmentYear): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^\.+/, '_').trim();
  return `${[d.region, d.department, String(d.year)].filter((x): x is string => x != null && x !== '').map(safe).join('-')}.docx`;
}

/** The notices as a zip of one .docx each, named by noticeFileName (a repeated name gets (2), (3)…). */
export async function noticesZip(notices: readonly Notice[]): Promise<Uint8Array> {
  const { zipSync } = await import('fflate');
  const files: Record<string, Uint8Array> = {};
  for (const n of notices) {
    const base = noticeFileName(n);
    let name = base;
    for (let i = 2; name in files; i++) name = base.replace(/\.docx$/, ` (${i}).docx`);
    files[name] = await noticesDocx([n]);
  }
  return zipSync(files, { level: 6 });
}

/** A4 in twentieths of a point, 2.5 cm margins. */
const A4 = { width: 11906, height: 16838, margin: 1417 };
const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };

/** The notices as one .docx, a page break between departments. */
export async function noticesDocx(notices: readonly Notice[]): Promise<Uint8Array> {
  const d = await import('docx');
  const text = (t: string, bold = false, size = 24) => new d.TextRun({ text: t, bold, size, font: FONT });
  const para = (t: string, opts: { bold?: boolean; size?: number; align?: (typeof d.AlignmentType)[keyof typeof d.AlignmentType]; indent?: boolean } = {}) =>
    new d.Paragraph({
      children: [text(t, opts.bold, opts.size)],
      alignment: opts.align,
      indent: opts.indent ? { firstLine: 480 } : undefined,
      spacing: { after: 120 },
    });
  const cell = (t: string, width: number, header = false) =>
    new d.TableCell({
      width: { size: width, type: d.WidthType.PERCENTAGE },
      children: t.split('\n').map((line) => new d.Paragraph({ children: [text(line, header, 21)] })),
      shading: header ? { type: d.ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } : undefined,
    });
  const WIDTHS = [6, 22, 20, 28, 24];

  const sections = notices.map((n) => {
    const w = (k: 'no' | 'cell' | 'value' | 'problem' | 'fix') => translate(n.lang, `notice.col.${k}`);
    const blank = translate(n.lang, 'notice.blank');
    const body: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [
      para(n.settings.bureau, { bold: true, size: 32, align: d.AlignmentType.CENTER }),
      para(n.title, { bold: true, size: 32, align: d.AlignmentType.CENTER }),
      para(n.settings.reference, { align: d.AlignmentType.RIGHT }),
      para(n.to),
      para(n.intro, { indent: true }),
    ];
    if (n.score) body.push(para(n.score, { indent: true }));
    let no = 0;
    for (const s of n.sections) {
      body.push(para(s.title, { bold: true }));
      body.push(
        new d.Table({
          width: { size: 100, type: d.WidthType.PERCENTAGE },
          rows: [
            new d.TableRow({ tableHeader: true, children: (['no', 'cell', 'value', 'problem', 'fix'] as const).map((k, i) => cell(w(k), WIDTHS[i], true)) }),
            ...s.findings.map(
              (f) =>
                new d.TableRow({
                  children: [String(++no), f.cell, f.value ?? blank, f.problem, f.fix].map((t, i) => cell(t === '' ? blank : t, WIDTHS[i])),
                }),
            ),
          ],
        }),
      );
    }
    body.push(para(n.closing, { indent: true }));
    body.push(para(n.settings.bureau, { align: d.AlignmentType.RIGHT }));
    body.push(para(n.settings.date, { align: d.AlignmentType.RIGHT }));
    return {
      properties: { page: { size: { width: A4.width, height: A4.height }, margin: { top: A4.margin, bottom: A4.margin, left: A4.margin, right: A4.margin } } },
      children: body,
    };
  });
  const doc = new d.Document({ creator: 'selfeval-lens', title: notices[0]?.title ?? '', sections });
  return new Uint8Array(await d.Packer.toArrayBuffer(doc));
}

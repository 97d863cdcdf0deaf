// What pdf.js needs in the browser, all from the app's own origin (never a CDN): its worker, and
// its character maps (CJK fonts without embedded Unicode need them) and standard fonts, which
// Vite copies into the build with hashed names. Imported only in the browser (Node reads them
// from node_modules).
import PdfJsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs?worker';

export const startPdfWorker = (): Worker => new PdfJsWorker({ name: 'pdf.js' });

const cmaps = import.meta.glob('/node_modules/pdfjs-dist/cmaps/*.bcmap', { query: '?url', import: 'default', eager: true }) as Record<string, string>;
const fonts = import.meta.glob(['/node_modules/pdfjs-dist/standard_fonts/*.pfb', '/node_modules/pdfjs-dist/standard_fonts/*.ttf'], {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const byName = (files: Record<string, string>) => new Map(Object.entries(files).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1), url]));
const urls = { cmaps: byName(cmaps), standard_fonts: byName(fonts) };

export async function loadPdfAsset(dir: 'cmaps' | 'standard_fonts', name: string): Promise<Uint8Array> {
  const url = urls[dir].get(name);
  if (!url) throw new Error(`pdf.js 资源 ${dir}/${name} 不在本应用中`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`pdf.js 资源 ${dir}/${name} 读取失败（HTTP ${response.status}）`);
  return new Uint8Array(await response.arrayBuffer());
}

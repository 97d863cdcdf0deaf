// Files the user picks or drops, read into bytes. Folders (picked or dropped) are walked; only
// exports and documents (READABLE_NAME) are kept. A file is known by its path, as on the command line: the folder
// it was picked or dropped in and its name, so that two `evaluations.csv` from two folders stay two
// files. Picking a file of the same path again (in a later pick) is loading that file again.
import type { FileInput } from './loader';
import { READABLE_NAME } from '../../ingest/sniff';

/** A chosen file and the path it goes by: folder + name when the browser gives a folder, else its name. */
export interface PickedFile {
  file: File;
  path: string;
}

/** From a file input: a picked folder's files carry their path inside it (`webkitRelativePath`). */
export const pickedFromInput = (files: Iterable<File>): PickedFile[] => [...files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));

/**
 * The name each file of one batch is loaded as: its path, and when two of the batch share one
 * (a multi-pick gives no folders), the second `evaluations.csv (2)`, by position.
 */
export function batchNames(paths: string[]): string[] {
  const seen = new Map<string, number>();
  // No kept path ends in " (n)" (they end in .csv or .parquet), so these cannot meet another path.
  return paths.map((p) => {
    const n = (seen.get(p) ?? 0) + 1;
    seen.set(p, n);
    return n === 1 ? p : `${p} (${n})`;
  });
}

/** In path order, as the command line reads a folder (a browser lists a picked folder in no set order). */
export async function readUserFiles(picked: PickedFile[]): Promise<FileInput[]> {
  const kept = picked.filter((p) => READABLE_NAME.test(p.file.name)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const names = batchNames(kept.map((p) => p.path));
  return Promise.all(
    kept.map(async (p, i) => ({ name: names[i], bytes: new Uint8Array(await p.file.arrayBuffer()), origin: 'own' as const })),
  );
}

/** Everything dropped, folders included (walked recursively), each with its path in what was dropped. */
export async function droppedFiles(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = [...dt.items].map((item) => item.webkitGetAsEntry()).filter((e) => e != null);
  if (entries.length === 0) return pickedFromInput(dt.files);
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
      // fullPath is rooted at the drop ("/folder/evaluations.csv").
      out.push({ file, path: entry.fullPath.replace(/^\/+/, '') || file.name });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns the listing in batches until it returns an empty one.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

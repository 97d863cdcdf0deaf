// Files the user picks or drops, read into bytes. Folders (picked or dropped) are walked; only
// .csv and .parquet files are kept.
import type { FileInput } from './loader';

const ACCEPTED = /\.(csv|parquet)$/i;

export async function readUserFiles(files: Iterable<File>): Promise<FileInput[]> {
  const kept = [...files].filter((f) => ACCEPTED.test(f.name));
  return Promise.all(
    kept.map(async (f) => ({
      // A file from a picked folder keeps its path inside that folder, so equal names stay apart.
      name: f.webkitRelativePath || f.name,
      bytes: new Uint8Array(await f.arrayBuffer()),
      origin: 'own' as const,
    })),
  );
}

/** Everything dropped, folders included (walked recursively). */
export async function droppedFiles(dt: DataTransfer): Promise<File[]> {
  const entries = [...dt.items].map((item) => item.webkitGetAsEntry()).filter((e) => e != null);
  if (entries.length === 0) return [...dt.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      out.push(await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail)));
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

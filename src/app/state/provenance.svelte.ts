// What the summaries show of their data: the loaded files (the load report's accounts), when each load
// was made and the dataset opened, turned into words by format/provenance.ts. Created by a view (it
// queries like one), re-read after every load and clear.
import { loadedFileAccounts } from '../../ingest/load';
import { provenance, type Provenance } from '../../format/provenance';
import { dataset, datasetUrl } from './dataset.svelte';
import { i18n } from './lang.svelte';
import { loadTimes } from './loading.svelte';
import { Query } from './session.svelte';

export class LoadedData {
  #files = new Query(() => null, (engine) => loadedFileAccounts(engine));

  /** Undefined until the file accounts are read. */
  readonly provenance: Provenance | undefined = $derived.by(() => {
    const files = this.#files.value;
    if (!files) return undefined;
    const m = dataset.manifest;
    const opened = dataset.openedAt;
    return provenance(
      {
        files,
        loadedAt: new Map(Object.entries(loadTimes).map(([id, at]) => [Number(id), at])),
        dataset: m && datasetUrl && opened ? { url: datasetUrl, created: m.created, opened } : null,
      },
      i18n.lang,
    );
  });

  /** Nothing is loaded (and the accounts say so): a summary invites loading instead of drawing empty charts. */
  readonly empty = $derived(this.provenance?.empty === true);
}

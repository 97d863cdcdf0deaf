// A finding's detail line, declared once per language: a template over named arguments that the
// rule's query returns as columns. The runner (../findings.ts) renders both languages in SQL from
// the templates, in one place, so the `findings` table holds `detail` (zh) and `detail_en` and no
// rule builds a sentence in SQL.
//
// A template is text with `{name}` slots. What a slot shows depends on how the rule declares `name`:
//  - plain (the default): the column's value as text; NULL shows as the rule's `blanks` word, else
//    空 / blank. Numbers come formatted by the query (./sql.ts fmt(), pct()).
//  - a choice (`choices`): the column holds a key, and the slot shows that key's phrase — itself a
//    template over the same arguments; NULL shows nothing.
//  - a list (`lists`): the column is a LIST; each item is rendered by `item` (`{item}` is the item,
//    `{item.f}` its field f when the items are structs) and the items are joined by `join`.
import { literalText } from '../../db/sql';
import type { Lang } from '../../format/i18n';

/** A text in both languages. */
export interface Words {
  zh: string;
  en: string;
}

export interface Detail extends Words {
  /** Arguments whose value is a key of the map: the slot shows that key's phrase (NULL: nothing). */
  choices?: Readonly<Record<string, Readonly<Record<string, Words>>>>;
  /** Arguments that are lists: each item rendered by `item`, joined by `join`. */
  lists?: Readonly<Record<string, { item: Words; join: Words }>>;
  /** What a NULL plain argument, item field or scalar list item (by the list's name) shows, where not 空 / blank. */
  blanks?: Readonly<Record<string, Words>>;
}

/** What a NULL plain argument shows by default. */
export const BLANK: Words = { zh: '空', en: 'blank' };

const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\}/g;

/** The slots of one template, in order (with repeats). */
export function slots(template: string): string[] {
  return [...template.matchAll(SLOT)].map((m) => m[1]);
}

/**
 * The arguments `detail` reads in `lang`: its template's slots, those of every choice phrase and list
 * item it reaches (an item's own `{item…}` slots are not arguments), sorted.
 */
export function detailArgs(detail: Detail, lang: Lang): string[] {
  const found = new Set<string>();
  const visit = (template: string, inItem: boolean) => {
    for (const name of slots(template)) {
      if (inItem && (name === 'item' || name.startsWith('item.'))) continue;
      if (name.includes('.')) throw new Error(`a field slot outside a list item: {${name}}`);
      if (found.has(name)) continue;
      found.add(name);
      for (const phrase of Object.values(detail.choices?.[name] ?? {})) visit(phrase[lang], inItem);
      const list = detail.lists?.[name];
      if (list) visit(list.item[lang], true);
    }
  };
  visit(detail[lang], false);
  return [...found].sort();
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * SQL for `detail` in `lang` over the arguments of row alias `row`. With `mask`, every plain
 * argument shows as ⟨name⟩ instead of its value: the template's own words, for checking them.
 */
export function detailSql(detail: Detail, lang: Lang, row = 'r', mask = false): string {
  const blankOf = (name: string) => literalText((detail.blanks?.[name] ?? BLANK)[lang]);
  /** `item`: inside a list's item template, the lambda's variable and the list's name. */
  type Item = { alias: string; list: string } | null;
  const render = (template: string, item: Item, depth: number): string => {
    if (depth > 8) throw new Error(`detail phrases nest too deep (a cycle?): ${template}`);
    const parts: string[] = [];
    let at = 0;
    for (const m of template.matchAll(SLOT)) {
      if (m.index > at) parts.push(literalText(template.slice(at, m.index)));
      at = m.index + m[0].length;
      parts.push(slot(m[1], item, depth));
    }
    if (at < template.length || parts.length === 0) parts.push(literalText(template.slice(at)));
    return parts.length === 1 ? parts[0] : `(${parts.join(' || ')})`;
  };
  const slot = (name: string, item: Item, depth: number): string => {
    if (item !== null && (name === 'item' || name.startsWith('item.'))) {
      const field = name === 'item' ? null : name.slice(5);
      const col = field === null ? item.alias : `${item.alias}.${quote(field)}`;
      return mask ? literalText(`⟨${name}⟩`) : `coalesce(CAST(${col} AS VARCHAR), ${blankOf(field ?? item.list)})`;
    }
    const col = `${row}.${quote(name)}`;
    const choice = detail.choices?.[name];
    if (choice) {
      const whens = Object.entries(choice).map(([key, phrase]) => `WHEN ${col} = ${literalText(key)} THEN ${render(phrase[lang], item, depth + 1)}`);
      return `(CASE WHEN ${col} IS NULL THEN '' ${whens.join(' ')} ELSE error('detail: no phrase ' || ${col} || ' for ${name.replaceAll("'", "''")}') END)`;
    }
    const list = detail.lists?.[name];
    if (list) {
      const x = `x${depth}`;
      return `coalesce(array_to_string(list_transform(${col}, ${x} -> ${render(list.item[lang], { alias: x, list: name }, depth + 1)}), ${literalText(list.join[lang])}), '')`;
    }
    return mask ? literalText(`⟨${name}⟩`) : `coalesce(CAST(${col} AS VARCHAR), ${blankOf(name)})`;
  };
  return render(detail[lang], null, 0);
}

/** The cells of the 自评表 as a detail line names them. */
export const CELL_NAMES = {
  project: { zh: '项目名称', en: 'Project name' },
  goal_target: { zh: '预期目标', en: 'Planned goal' },
  goal_actual: { zh: '实际完成情况', en: 'Achieved result' },
  level3: { zh: '三级指标', en: 'Indicator' },
  target: { zh: '年度指标值', en: 'Target' },
  actual: { zh: '实际完成值', en: 'Actual' },
  deviation: { zh: '偏差原因', en: 'Deviation note' },
  budget_initial: { zh: '年初预算数', en: 'Initial budget' },
  budget_full: { zh: '全年预算数', en: 'Full-year budget' },
  executed: { zh: '全年执行数', en: 'Executed' },
} as const satisfies Record<string, Words>;

/** Phrases keyed by name, picked from CELL_NAMES (a `choices` entry over a `field` column). */
export function cellNames<K extends keyof typeof CELL_NAMES>(keys: readonly K[]): Record<K, Words> {
  return Object.fromEntries(keys.map((k) => [k, CELL_NAMES[k] as Words])) as Record<K, Words>;
}

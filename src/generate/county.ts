// A county: its name, its code, and the departments it funds, each with a behaviour class.
import { DEPARTMENTS, PLACE_CHARS, TOWNSHIP, type DeptKind, type DeptTemplate } from './catalog';
import type { Rng } from './prng';

export type Behaviour = 'careful' | 'boilerplate' | 'mixed';

export interface Department {
  name: string;
  /** Short code used in eval_id, unique within the county (SLJ, TXZ …). */
  code: string;
  kind: DeptKind;
  template: DeptTemplate;
  behaviour: Behaviour;
}

export interface County {
  index: number;
  name: string;
  /** The 地区 column: the county's name, prefixed by its province's at national scale (桃溪省青溪县). */
  region: string;
  code: string;
  departments: Department[];
}

/** The county the bundled sample shows first; fictional on purpose (not the seed's 汨罗市). */
const FIRST_COUNTY = { name: '青溪县', code: 'QXX' };

/** Extra schools and clinics: real counties have several, with the same kinds of projects. */
const CLONES: [string, string, string][] = [
  ['{c}第一中学', '{c}第二中学', 'EZ'],
  ['{c}第一中学', '{c}第三中学', 'SZ'],
  ['{c}实验小学', '{c}城关小学', 'CGXX'],
  ['{c}实验小学', '{c}城北小学', 'CBXX'],
  ['{c}人民医院', '{c}第二人民医院', 'DEYY'],
  ['{c}疾病预防控制中心', '{c}妇幼保健院', 'FYBJ'],
];

export interface CountyShape {
  /** Townships per county, drawn in this range. */
  townships: [number, number];
  /** Chance a non-core department of the catalogue exists in a county. */
  optional: number;
  /** When set, keep only this many departments (small --rows runs). */
  maxDepartments?: number;
}

export function placeName(rng: Rng, suffix: string, taken: Set<string>): { name: string; code: string } {
  for (;;) {
    const [a, ia] = rng.pick(PLACE_CHARS);
    const [b, ib] = rng.pick(PLACE_CHARS);
    if (a === b) continue;
    const name = `${a}${b}${suffix}`;
    if (taken.has(name)) continue;
    taken.add(name);
    return { name, code: `${ia}${ib}` };
  }
}

function behaviourOf(rng: Rng): Behaviour {
  const r = rng.next();
  return r < 0.35 ? 'careful' : r < 0.65 ? 'boilerplate' : 'mixed';
}

/**
 * A county of `province` (national scale: county names repeat across provinces, as real ones do, so
 * the region is the province's name and the county's). `takenCounties` holds the province's names,
 * `takenCodes` the country's: eval_ids are built from the codes.
 */
export function buildCounty(rng: Rng, index: number, takenCounties: Set<string>, takenCodes: Set<string>, shape: CountyShape, province = ''): County {
  let name: string;
  let code: string;
  if (index === 0) {
    ({ name, code } = FIRST_COUNTY);
    takenCounties.add(name);
  } else {
    const place = placeName(rng, '县', takenCounties);
    name = place.name;
    code = `${place.code}X`;
  }
  // Region codes must be unique in a province: eval_ids are built from them.
  let unique = code;
  for (let n = 2; takenCodes.has(unique); n++) unique = `${code}${n}`;
  takenCodes.add(unique);

  const fill = (t: string) => t.replaceAll('{c}', name);
  const departments: Department[] = [];
  const usedCodes = new Set<string>();
  const add = (template: DeptTemplate, deptName: string, deptCode: string) => {
    let c = deptCode;
    for (let n = 2; usedCodes.has(c); n++) c = `${deptCode}${n}`;
    usedCodes.add(c);
    departments.push({ name: deptName, code: c, kind: template.kind, template, behaviour: behaviourOf(rng) });
  };

  for (const t of DEPARTMENTS) {
    if (t.core || rng.chance(shape.optional)) add(t, fill(t.name), t.code);
  }
  for (const [from, to, cloneCode] of CLONES) {
    const base = DEPARTMENTS.find((d) => d.name === from)!;
    if (rng.chance(shape.optional * 0.8)) add({ ...base, name: to, code: cloneCode, core: false }, fill(to), cloneCode);
  }
  const towns = new Set<string>();
  const townCount = rng.int(shape.townships[0], shape.townships[1]);
  for (let i = 0; i < townCount; i++) {
    const suffix = rng.chance(0.75) ? '镇' : '乡';
    const place = placeName(rng, suffix, towns);
    const template: DeptTemplate = { ...TOWNSHIP, name: place.name, code: `${place.code}${suffix === '镇' ? 'Z' : 'X'}` };
    // Prefixed with the county (青溪县棠溪镇) so department names stay unique across a province.
    add(template, `${name}${place.name}`, template.code);
  }
  const kept = shape.maxDepartments ? departments.slice(0, shape.maxDepartments) : departments;
  return { index, name, region: `${province}${name}`, code: unique, departments: kept };
}

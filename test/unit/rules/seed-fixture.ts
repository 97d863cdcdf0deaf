// The real seed department (../../../../shared/seeds/000_fa862eb1dac467d3.txt: 中共汨罗市委机构编制委员会
// 办公室, 2023) transcribed by hand into rows, the way ingest is expected to store it, so the rules
// can be checked against the oddities the seed really has.
import type { Engine } from '../../../src/db/engine';
import { deriveEvalId } from '../../../src/ingest/evalId';
import { indicator, insertForm, insertSpending, type Form, type IndicatorRow } from './fixture';

export const SEED_DEPARTMENT = '中共汨罗市委机构编制委员会办公室';
export const SEED_YEAR = 2023;
export const seedEvalId = (project: string | null) =>
  deriveEvalId('汨罗市', SEED_DEPARTMENT, String(SEED_YEAR), project ? '项目' : '部门整体', project);

/** `parseYear`: whether ingest reads "2023年全年" as a number (2023 年全年) or leaves it unquantified. */
function ind(parseYear: boolean, ...a: Parameters<typeof indicator>): IndicatorRow {
  const row = indicator(...a);
  if (!parseYear) {
    if (row.target?.includes('年全年')) Object.assign(row, { target_op: null, target_value: null, target_unit: null });
    if (row.actual?.includes('年全年')) Object.assign(row, { actual_op: null, actual_value: null, actual_unit: null });
  }
  return row;
}

const P = {
  编办专项: { money: 25, init: 0, goal: null as string | null, done: null as string | null, l3: ['全面提升机构编制管理水平', '聚焦“转职能、转方式、转作风”，努力建设讲政治、负责任、有效率、守纪律的模范机关', '改革机构设置，优化职能配置，创新体制机制，构建高效的机构职能体系，加快企业和群众办事效率。', '机构设置更加科学、职能职责配置更加优化、权责更加协同、运行更加高效。'], q: '100%' },
  吃空饷整治专项: { money: 1, init: 1, goal: '全市行政及事业人员在编不在岗吃空饷整治，防止和杜绝人员违规吃空饷，加强日常监督管理，为财政减负。', done: '按时完成', l3: ['全市行政及事业单位在编不在岗吃空饷整治', '吃空饷整治防止和杜绝人员违规吃空饷', '吃空饷整治为财政减负', '吃空饷整治为财政减负'], q: '98%', sat: '99%' },
  事业单位登记管理及分类改革: { money: 1, init: 1, goal: '事业单位登记管理及分类改革工作对全市事业单位进行认真细致的审查，并将有关内容在门户网站向社会公示，为全市人民提供服务保障。', done: '按时完成', l3: ['对全市事业单位进行设立登记、变更登记、注销登记、年检登记', '承担全市事业单位和机关群团证书发放工作', '监督事业单位依法依规履职尽责', '事业单位登记有关内容在门户网站向社会公示，为全市人民提供服务保障'], q: '100%' },
  网名管理经费: { money: 10, init: 10, goal: '对机关及事业单位中文域名进行网站维护，提高全市党政机关网站安全防护水平。', done: '按时完成', l3: ['维护全市500余家机构中文域名注册全覆盖', '维护全市500余家机构中文域名注册全覆盖', '维护党政机关网站标识', '建立和规范党政机关网站标识，有助于公众识别，保证党政机关网站的权威性和严肃性'], q: '100%' },
  '优化政务环境、最多跑一次改革': { money: 1, init: 1, goal: '优化政务环境、最多跑一次改革改革全面转变政府职能，简政放权，提升行政服务效能，为市场经济的健康发展创造良好的外部环境，有利于践行人民为中心的理念，减少老百姓办事成本，方便群众办事，让人民群众有更多的获得感、幸福感。', done: '按时完成', l3: ['简政放权、优化流程、方便群众办事', '简政放权、优化流程、方便群众办事', '减少老百姓办事成本，方便群众办事，让人民群众有更多的获得感、幸福感', '减少老百姓办事成本，方便群众办事，让人民群众有更多的获得感、幸福感'], q: '98%' },
} as const;

export const SEED_PROJECTS = Object.keys(P);

export function seedForms(parseYear = true): Form[] {
  const dept: Form = {
    form: {
      eval_id: seedEvalId(null), year: SEED_YEAR, department: SEED_DEPARTMENT, kind: '部门整体', project: null,
      budget_initial: 146.41, budget_full: 183.35, executed: 183.35, exec_weight: 10, exec_rate: 1, exec_score: 10, total_score: 100,
      goal_target:
        '1、简政放权、优化流程、方便群众办事； 2、全市行政及事业人员在编不在岗吃空饷整治，防止和杜绝人员违规吃空饷，加强日常监督管理，为财政减负； 3、事业单位登记管理及分类改革工作对全市事业单位进行认真细致的审查，并将有关内容在门户网站向社会公示，为全市人民提供服务保障； 4、对机关及事业单位中文域名进行网站维护，提高全市党政机关网站安全防护水平； 5、控制在编人员只减不增，盘活现有机构编制资源，精简机构设置，节省财政支出，发挥机构编制工作的最大效益。',
      goal_actual: '圆满按时完成',
      report_score: null,
    },
    indicators: [
      ind(parseYear, '产出指标(30分)', '数量指标', '全面提升机构编制管理水平', '100%', '覆盖率达到100%', 10, 10),
      ind(parseYear, null, '质量指标', '聚焦“转职能、转方式、转作风”，努力建设讲政治、负责任、有效率、守纪律的模范机关', '≧95%', '100%', 10, 10),
      ind(parseYear, null, '时效指标', '完成时间', '2023年全年', '2023年全年', 10, 10),
      ind(parseYear, '效益指标(30分)', '经济效益指标', '促进经济发展', '有所提升', '有所提升', 10, 10),
      ind(parseYear, null, '社会效益指标', '改革机构设置，优化职能配置，创新体制机制，构建高效的机构职能体系，加快企业和群众办事效率。', '效益显著', '效益显著', 5, 5),
      ind(parseYear, null, '生态效益指标', '生态环境改善情况', '有所改善', '有所改善', 5, 5),
      ind(parseYear, null, '可持续影响指标', '机构设置更加科学、职能职责配置更加优化、权责更加协同、运行更加高效。', '持续', '持续', 10, 10),
      ind(parseYear, '满意度指标(10分)', '服务对象满意度指标', '受益对象满意度', '≧95%', '98%', 10, 10),
      ind(parseYear, '成本指标（20分）', '经济成本指标', '预算批复金额', '183.35万元', '183.35万元', 5, 5),
      ind(parseYear, null, '生态环境成本指标', '对社会发展可能造成的负面影响', '无', '无', 5, 5),
    ],
  };
  const projects = Object.entries(P).map(([project, p]): Form => ({
    form: {
      eval_id: seedEvalId(project), year: SEED_YEAR, department: SEED_DEPARTMENT, kind: '项目', project,
      budget_initial: p.init, budget_full: p.money, executed: p.money, exec_weight: 10, exec_rate: 1, exec_score: 10, total_score: 100,
      goal_target: p.goal, goal_actual: p.done, report_score: 98,
      appropriation_initial: p.init, appropriation_full: p.money, appropriation_executed: p.money,
      carryover_initial: 0, carryover_full: 0, carryover_executed: 0,
      other_initial: 0, other_full: 0, other_executed: 0,
    },
    indicators: [
      ind(parseYear, '产出指标(30分)', '数量指标', p.l3[0], '100%', '覆盖率达到100%', 10, 10),
      ind(parseYear, null, '质量指标', p.l3[1], '≧95%', p.q, 10, 10),
      ind(parseYear, null, '时效指标', '完成时间', '2023年全年', '2023年全年', 10, 10),
      ind(parseYear, '效益指标(30分)', '经济效益指标', '促进经济发展', '有所提升', '有所提升', 10, 10),
      ind(parseYear, null, '社会效益指标', p.l3[2], '效益显著', '效益显著', 5, 5),
      ind(parseYear, null, '生态效益指标', '生态环境改善情况', '有所改善', '有所改善', 5, 5),
      ind(parseYear, null, '可持续影响指标', p.l3[3], '持续', '持续', 10, 10),
      ind(parseYear, '满意度指标(10分)', '服务对象满意度指标', '受益对象满意度', '≧95%', 'sat' in p ? p.sat : '98%', 10, 10),
      ind(parseYear, '成本指标（20分）', '经济成本指标', '预算批复金额', `${p.money}万元`, `${p.money}万元`, 5, 5),
      ind(parseYear, null, '社会成本指标', '对社会发展可能造成的负面影响', '无', '无', 5, 5),
      ind(parseYear, null, '生态环境成本指标', '对自然生态环境造成的负面影响', '无', '无', 10, 10),
    ],
  }));
  return [dept, ...projects];
}

export async function insertSeed(e: Engine, parseYear = true): Promise<void> {
  await insertForm(e, ...seedForms(parseYear));
  const s = (item: string, prior_final: number | null, budget: number | null, final: number | null, parent: string | null = null) =>
    ({ year: SEED_YEAR, department: SEED_DEPARTMENT, item, parent, prior_final, budget, final });
  await insertSpending(
    e,
    s('“三公”经费', 2.7, 3.9, 2.02),
    s('1、公务用车购置和维护经费', 0, 0, 0, '三公经费'),
    s('其中：公车购置', null, null, null, '公务用车购置和维护经费'),
    s('公车运行维护', null, null, null, '公务用车购置和维护经费'),
    s('2、出国经费', null, null, null, '三公经费'),
    s('3、公务接待', 2.7, 3.9, 2.02, '三公经费'),
    s('项目支出', 49.36, 13, 38),
    s('事业单位登记管理及分类改革', 8, 1, 1, '项目支出'),
    s('行政机构及审批制度改革工作', 2.7, 0, 0, '项目支出'),
    s('优化政务环境、最多跑一次改革', 0, 1, 1, '项目支出'),
    s('吃空饷整治专项', 0, 1, 1, '项目支出'),
    s('网名管理经费', 6, 10, 10, '项目支出'),
    s('编办专项', 32.66, 0, 25, '项目支出'),
    s('公用经费', 26.13, 26.59, 17.84),
    s('办公经费', 7.32, 1.3, 2.33, '公用经费'),
    s('水费、电费、差旅费', 2.36, 4.5, 1.47, '公用经费'),
    s('会议费、培训费', 0, 2, 0.19, '公用经费'),
    s('政府采购金额', 4, 2.68, 12.3),
  );
}

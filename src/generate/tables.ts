// The four contract tables (see /work/shared/DATA_CONTRACT.md): canonical column names, the
// Chinese headers a real export would carry, and which columns are integers (for Parquet types).

export type TableName = 'evaluations' | 'indicators' | 'spending' | 'staffing';
export const TABLES: TableName[] = ['evaluations', 'indicators', 'spending', 'staffing'];

export interface Column {
  en: string;
  zh: string;
  int?: boolean;
}

const c = (en: string, zh: string, int = false): Column => ({ en, zh, int });

export const COLUMNS: Record<TableName, Column[]> = {
  evaluations: [
    c('eval_id', '评价编号'),
    c('year', '年度', true),
    c('region', '地区'),
    c('department', '预算部门'),
    c('kind', '评价类型'),
    c('project', '项目名称'),
    c('unit', '实施单位'),
    c('budget_initial', '年初预算数'),
    c('budget_full', '全年预算数'),
    c('executed', '全年执行数'),
    c('exec_weight', '执行率分值'),
    c('exec_rate', '执行率'),
    c('exec_score', '执行率得分'),
    c('total_score', '总分'),
    c('goal_target', '预期目标'),
    c('goal_actual', '实际完成情况'),
    c('report_score', '报告得分'),
    c('appropriation_initial', '当年财政拨款（年初）'),
    c('appropriation_full', '当年财政拨款（全年）'),
    c('appropriation_executed', '当年财政拨款（执行）'),
    c('carryover_initial', '上年结转资金（年初）'),
    c('carryover_full', '上年结转资金（全年）'),
    c('carryover_executed', '上年结转资金（执行）'),
    c('other_initial', '其他资金（年初）'),
    c('other_full', '其他资金（全年）'),
    c('other_executed', '其他资金（执行）'),
  ],
  indicators: [
    c('eval_id', '评价编号'),
    c('level1', '一级指标'),
    c('level2', '二级指标'),
    c('level3', '三级指标'),
    c('target', '年度指标值'),
    c('actual', '实际完成值'),
    c('weight', '分值'),
    c('score', '得分'),
    c('deviation', '偏差原因分析及改进措施'),
  ],
  spending: [
    c('year', '年度', true),
    c('region', '地区'),
    c('department', '预算部门'),
    c('item', '项目'),
    c('parent', '上级项目'),
    c('prior_final', '上年决算数'),
    c('budget', '本年预算数'),
    c('final', '本年决算数'),
  ],
  staffing: [
    c('year', '年度', true),
    c('region', '地区'),
    c('department', '预算部门'),
    c('authorized', '编制数', true),
    c('actual', '实际在职人数', true),
  ],
};

/** A row as written: one cell per column, null = blank (not reported). */
export type Cell = string | null;
export type Row = Cell[];

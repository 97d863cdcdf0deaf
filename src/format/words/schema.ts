// Words of the SQL view's schema (SQL): what each table a researcher queries holds, and each of its
// columns. Keyed `table` and `table.column`; `*.column` is a column that means the same in every
// table that has it (year, region …). Both languages side by side, so neither can be missing.
export interface Note {
  zh: string;
  en: string;
}

const note = (zh: string, en: string): Note => ({ zh, en });

export const SCHEMA_NOTES: Record<string, Note> = {
  // Columns that mean the same wherever they appear.
  '*.eval_id': note('评价编号：一张自评表的编号，连接 evaluations、indicators、findings', 'Form id: joins evaluations, indicators and findings'),
  '*.year': note('年度（被评价的年份）', 'Year evaluated'),
  '*.region': note('地区（如 汨罗市）；文件未注明时为空', 'Region (e.g. 汨罗市); empty when the file names none'),
  '*.department': note('预算部门名称；不同地区可能有同名部门，按 region + department 区分', 'Budget department; names repeat across regions, so region + department tells them apart'),
  '*.project': note('项目名称；部门整体表为空', 'Project name; empty on a 部门整体 form'),
  '*.source_file': note('读入该行的文件', 'The file the row was read from'),
  '*.source_line': note('该行在文件中的行号', 'The row’s line in its file'),
  '*.source_where': note('文档中的位置（第几页、第几张表、哪个单元格）；CSV/Parquet 为空', 'Where it sits in a document (page, table, cell); empty for CSV/Parquet'),
  '*.dept_kind': note('部门类型：党委部门、政府部门、乡镇街道、事业单位（按部门名称判断）', 'Department kind: Party organ, government department, town/subdistrict, public institution (read from the name)'),

  evaluations: note('自评表：每张表一行（附件2 部门整体，或附件3 一个项目）', 'Self-evaluation forms: one row per form (附件2 whole department, or one 附件3 project)'),
  'evaluations.kind': note('评价类型：部门整体 或 项目', 'Form kind: 部门整体 (whole department) or 项目 (project)'),
  'evaluations.unit': note('实施单位', 'Implementing unit'),
  'evaluations.budget_initial': note('年初预算数', 'Budget at the start of the year'),
  'evaluations.budget_full': note('全年预算数（年中调整后）', 'Full-year budget (after mid-year adjustments)'),
  'evaluations.executed': note('全年执行数', 'Executed in the year'),
  'evaluations.exec_weight': note('执行率分值（通常 10 分）', 'Points for the execution rate (usually 10)'),
  'evaluations.exec_rate': note('预算执行率，按表上所写（1 = 100%）', 'Budget execution rate as written on the form (1 = 100%)'),
  'evaluations.exec_score': note('执行率得分', 'Points scored for the execution rate'),
  'evaluations.total_score': note('表上自报的总分', 'Total score the form claims'),
  'evaluations.goal_target': note('预期目标（年度总体目标）', 'Goals set for the year'),
  'evaluations.goal_actual': note('实际完成情况', 'What was achieved'),
  'evaluations.report_score': note('自评报告中写的得分（可选）', 'Score the narrative report states (optional)'),
  'evaluations.appropriation_initial': note('其中：当年财政拨款，年初', 'Of which this year’s appropriation: initial'),
  'evaluations.appropriation_full': note('其中：当年财政拨款，全年', 'Of which this year’s appropriation: full year'),
  'evaluations.appropriation_executed': note('其中：当年财政拨款，执行', 'Of which this year’s appropriation: executed'),
  'evaluations.carryover_initial': note('其中：上年结转资金，年初', 'Of which carried over from last year: initial'),
  'evaluations.carryover_full': note('其中：上年结转资金，全年', 'Of which carried over from last year: full year'),
  'evaluations.carryover_executed': note('其中：上年结转资金，执行', 'Of which carried over from last year: executed'),
  'evaluations.other_initial': note('其中：其他资金，年初', 'Of which other funds: initial'),
  'evaluations.other_full': note('其中：其他资金，全年', 'Of which other funds: full year'),
  'evaluations.other_executed': note('其中：其他资金，执行', 'Of which other funds: executed'),

  indicators: note('绩效指标：自评表上每个三级指标一行', 'Performance indicators: one row per 三级指标 of a form'),
  'indicators.seq': note('指标在表中的顺序', 'The indicator’s order on its form'),
  'indicators.level1': note('一级指标（产出、效益、满意度、成本）；合并单元格下为空 = 同上', '一级 indicator (output, benefit, satisfaction, cost); blank under a merged cell means “as above”'),
  'indicators.level2': note('二级指标（数量、质量、时效 …）', '二级 indicator (quantity, quality, timeliness …)'),
  'indicators.level3': note('三级指标：指标本身', '三级 indicator: the indicator itself'),
  'indicators.target': note('年度指标值，按表上所写（≧95%、183.35万元 …）', 'Target as written (≧95%, 183.35万元 …)'),
  'indicators.actual': note('实际完成值，按表上所写', 'Actual value as written'),
  'indicators.weight': note('分值', 'Points available'),
  'indicators.score': note('得分', 'Points scored'),
  'indicators.deviation': note('偏差原因分析及改进措施', 'Reasons for a shortfall and measures taken'),
  'indicators.target_op': note('从指标值读出的比较符（≥、≤、= …）', 'Comparison read from the target (≥, ≤, = …)'),
  'indicators.target_value': note('从指标值读出的数（单位见 target_unit）', 'Number read from the target (unit in target_unit)'),
  'indicators.target_unit': note('指标值的单位（%、万元、人次 …）', 'Unit of the target (%, 万元, person-times …)'),
  'indicators.actual_op': note('从实际值读出的比较符', 'Comparison read from the actual value'),
  'indicators.actual_value': note('从实际值读出的数（单位见 actual_unit）', 'Number read from the actual value (unit in actual_unit)'),
  'indicators.actual_unit': note('实际值的单位', 'Unit of the actual value'),

  spending: note('附件1 经费控制情况：每个部门、年度、支出项目一行（三公经费、公用经费、项目支出 …）', '附件1 spending control: one row per department, year and item (三公 expenses, running costs, projects …)'),
  'spending.item': note('支出项目（三公经费、公务接待 …）', 'Spending item (三公经费, official receptions …)'),
  'spending.parent': note('上级项目（如 公务接待 属于 三公经费）', 'Parent item (e.g. receptions under 三公经费)'),
  'spending.prior_final': note('上年决算数；空 = 未填报，不是 0', 'Last year’s final accounts; blank = not reported, not 0'),
  'spending.budget': note('本年预算数', 'This year’s budget'),
  'spending.final': note('本年决算数', 'This year’s final accounts'),

  staffing: note('附件1 人员情况：每个部门、年度一行', '附件1 staffing: one row per department and year'),
  'staffing.authorized': note('编制数', 'Authorised posts'),
  'staffing.actual': note('实际在职人数', 'Staff actually employed'),

  departments: note('部门：数据中出现的每个部门一行，含部门类型（视图，随数据更新）', 'Departments: one row per department in the data, with its kind (a view, always current)'),
  'departments.first_year': note('最早出现的年度', 'First year it appears'),
  'departments.last_year': note('最晚出现的年度', 'Last year it appears'),
  'departments.forms': note('自评表张数', 'Number of forms'),

  findings: note('异常发现：规则每命中一次一行（哪张表、哪个指标、为什么）', 'Findings: one row per rule hit (which form, which indicator, why)'),
  'findings.rule': note('规则编号（示例查询里有每条规则的 SQL）', 'Rule id (the examples hold each rule’s SQL)'),
  'findings.severity': note('严重程度：high、medium、low', 'Severity: high, medium, low'),
  'findings.seq': note('命中的指标（indicators.seq）；整表或整个部门的发现为空', 'The indicator hit (indicators.seq); empty for a finding on a whole form or department'),
  'findings.item': note('命中的项目或指标名称', 'The item or indicator named'),
  'findings.field': note('命中的字段', 'The field it points at'),
  'findings.detail': note('说明：数值与条件', 'Detail: the figures and the condition'),
  'findings.detail_en': note('说明（英文）', 'Detail in English'),
  'findings.seqs': note('发现所指的各指标行（序号）', 'The indicator rows (seq) the finding names'),
  'findings.related': note('发现所指的其他自评表（评价编号）', 'The other forms (eval_id) the finding names'),

  form_scores: note('套话得分：每张自评表一行', 'Boilerplate score: one row per form'),
  'form_scores.score': note('套话得分（0–100，封顶）', 'Boilerplate score (0–100, capped)'),
  'form_scores.raw': note('未封顶的原始分', 'Raw score before the cap'),
  'form_scores.hits': note('计分的规则', 'Rules that scored'),

  department_scores: note('部门套话得分：每个部门、年度一行（各表得分的平均）', 'Department boilerplate score: one row per department and year (mean over its forms)'),
  'department_scores.forms': note('计入的自评表张数', 'Forms counted'),
  'department_scores.score': note('部门套话得分（0–100）', 'Department boilerplate score (0–100)'),
  'department_scores.max_score': note('各表中的最高分', 'Highest form score'),

  loaded_files: note('载入记录：每个读入的文件一行', 'Load record: one row per file read'),
  'loaded_files.file': note('文件路径', 'File path'),
  'loaded_files.table_name': note('识别为哪张表', 'The table it was recognised as'),
  'loaded_files.origin': note('来源：真实、示例或自有', 'Origin: real, sample or the user’s own'),
  'loaded_files.rows_read': note('读到的行数', 'Rows read'),
  'loaded_files.rows_loaded': note('载入的行数', 'Rows loaded'),
  'loaded_files.rows_rejected': note('拒收的行数（原因见 rejected_rows）', 'Rows rejected (reasons in rejected_rows)'),
  'loaded_files.rows_replaced': note('替换掉的旧行数', 'Earlier rows it replaced'),
  'loaded_files.note': note('备注', 'Note'),
  'loaded_files.load_id': note('第几次载入（一次选择或拖放）', 'Which load (one pick or drop)'),
  'loaded_files.rows_present': note('仍在数据中的行数', 'Rows still in the data'),
  'loaded_files.replaced_by': note('后来替换其行的文件（JSON）', 'Files that later replaced its rows (JSON)'),

  rejected_rows: note('拒收的行：文件、行号和原因', 'Rejected rows: file, line and reason'),
  'rejected_rows.file': note('文件路径', 'File path'),
  'rejected_rows.line': note('行号', 'Line'),
  'rejected_rows.reason': note('拒收原因', 'Why it was rejected'),
};

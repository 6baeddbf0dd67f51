/**
 * The case list as CSV, worded in the reader's language (Chinese by default): header and coded values
 * (status, severity, class) in words, the codes' meaning kept by one fixed column order. RFC 4180 fields.
 */
import { field } from '../stats/stats-csv.ts';

export type CsvLang = 'zh' | 'en';

/** What a CSV row needs of a case. */
export interface CaseCsvRow {
  id: string;
  caseNo?: string | null;
  status: string;
  severity: string;
  class: string;
  violation: string;
  enterpriseName: string | null;
  district: string | null;
  departmentName: string | null;
  assignee: string | null;
  assigneeName?: string | null;
  dueAt: string | null;
  overdue: boolean;
  openedAt: string;
  updatedAt: string;
  sightings: number;
  lat: number | null;
  lon: number | null;
}

const COLUMNS = ['caseNo', 'status', 'severity', 'class', 'violation', 'enterprise', 'district', 'department', 'assignee', 'dueAt', 'overdue', 'openedAt', 'updatedAt', 'sightings', 'lat', 'lon', 'id'] as const;

const HEADERS: Record<CsvLang, Record<(typeof COLUMNS)[number], string>> = {
  zh: { caseNo: '案件编号', status: '状态', severity: '严重程度', class: '类别', violation: '违法情形', enterprise: '企业', district: '区县', department: '责任部门', assignee: '整改责任人', dueAt: '整改期限', overdue: '逾期', openedAt: '立案时间', updatedAt: '更新时间', sightings: '发现次数', lat: '纬度', lon: '经度', id: '系统编号' },
  en: { caseNo: 'Case no.', status: 'Status', severity: 'Severity', class: 'Class', violation: 'Violation', enterprise: 'Enterprise', district: 'District', department: 'Department', assignee: 'Assignee', dueAt: 'Due', overdue: 'Overdue', openedAt: 'Opened', updatedAt: 'Updated', sightings: 'Sightings', lat: 'Latitude', lon: 'Longitude', id: 'System id' },
};

const WORDS: Record<CsvLang, Record<string, string>> = {
  zh: {
    'status.new': '待审核', 'status.confirmed': '已确认', 'status.dismissed': '误报', 'status.dispatched': '已派发', 'status.rectified': '已整改', 'status.verified': '已核查', 'status.closed': '已销号',
    'severity.low': '低', 'severity.medium': '中', 'severity.high': '高', 'severity.critical': '严重',
    'class.fire': '明火', 'class.smoke': '烟雾', 'class.excavator': '施工机械', 'class.oil_spill': '油污泄漏', 'class.steel_shed': '彩钢棚违建', 'class.tanker_truck': '危化品罐车',
    yes: '是', no: '否',
  },
  en: {
    'status.new': 'New', 'status.confirmed': 'Confirmed', 'status.dismissed': 'Dismissed', 'status.dispatched': 'Dispatched', 'status.rectified': 'Rectified', 'status.verified': 'Verified', 'status.closed': 'Closed',
    'severity.low': 'Low', 'severity.medium': 'Medium', 'severity.high': 'High', 'severity.critical': 'Critical',
    'class.fire': 'Fire', 'class.smoke': 'Smoke', 'class.excavator': 'Excavator', 'class.oil_spill': 'Oil spill', 'class.steel_shed': 'Steel shed', 'class.tanker_truck': 'Tanker truck',
    yes: 'yes', no: 'no',
  },
};

/** A coded value in words; an unknown code (a custom model's class) as itself. */
const word = (lang: CsvLang, prefix: string, code: string): string => WORDS[lang][`${prefix}.${code}`] ?? code;

/**
 * Local time for spreadsheets ("2026-11-30 16:05"): an ISO instant moved by `offsetMin` (China: 480),
 * since Excel neither reads the trailing Z nor converts it.
 */
export function localTime(iso: string | null, offsetMin: number): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + offsetMin * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The header line (with a UTF-8 byte-order mark when `bom`: Excel then reads Chinese as UTF-8). */
export function caseCsvHeader(lang: CsvLang, opts: { bom?: boolean } = {}): string {
  return `${opts.bom ? '\uFEFF' : ''}${COLUMNS.map((c) => field(HEADERS[lang][c])).join(',')}\r\n`;
}

/** Data lines for `rows`, each ending CRLF; times in local time at `offsetMin` minutes from UTC. */
export function caseCsvLines(rows: readonly CaseCsvRow[], lang: CsvLang, offsetMin: number): string {
  return rows
    .map((r) => {
      const cells: Record<(typeof COLUMNS)[number], string | number | null> = {
        caseNo: r.caseNo ?? null,
        status: word(lang, 'status', r.status),
        severity: word(lang, 'severity', r.severity),
        class: word(lang, 'class', r.class),
        violation: r.violation,
        enterprise: r.enterpriseName,
        district: r.district,
        department: r.departmentName,
        assignee: r.assigneeName ?? r.assignee,
        dueAt: localTime(r.dueAt, offsetMin),
        overdue: WORDS[lang][r.overdue ? 'yes' : 'no']!,
        openedAt: localTime(r.openedAt, offsetMin),
        updatedAt: localTime(r.updatedAt, offsetMin),
        sightings: r.sightings,
        lat: r.lat,
        lon: r.lon,
        id: r.id,
      };
      return `${COLUMNS.map((c) => field(cells[c])).join(',')}\r\n`;
    })
    .join('');
}

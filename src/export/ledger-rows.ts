import { REPORT_LABEL } from '../domain/instruction/types.ts';
import { type LedgerRow, STAGE_LABEL, sourceOf } from '../domain/ledger/ledger.ts';
import type { OrgIndex } from '../domain/org.ts';
import { beijingDate, beijingTime, type DateStr } from '../domain/time.ts';

/** One spreadsheet row of the ledger export: single dates as dates, the many dates as lines of text. */
export interface SheetRow {
  id: string;
  category: string;
  source: string;
  title: string;
  text: string;
  leader: string;
  lead: string;
  co: string;
  issuedOn: DateStr;
  originalDue: DateStr;
  due: DateStr;
  acknowledged: string;
  reports: string;
  extensions: string;
  closedOn?: DateStr;
  status: string;
  daysLeft: number;
  light: string;
  overdue: boolean;
}

const LIGHT_WORD = { green: '绿', yellow: '黄', red: '红', none: '—' } as const;

const stamp = (iso: string) => `${beijingDate(new Date(iso))} ${beijingTime(new Date(iso))}`;

/** Every date of an item — issued, each 签收, each report and its review, each extension, closed. */
export function sheetRows(rows: LedgerRow[], org: OrgIndex): SheetRow[] {
  const person = (id: string) => org.person(id)?.name ?? id;
  const dept = (id: string) => org.department(id)?.name ?? id;
  return rows.map((r) => {
    const f = r.item.fields;
    const acks = f.parts.map((p) =>
      p.ack
        ? `${dept(p.dept)} ${stamp(p.ack.at)} 签收（${person(p.ack.by)}，责任人${person(p.ack.responsible)}）`
        : `${dept(p.dept)} 未签收`,
    );
    const reports = f.parts.flatMap((p) =>
      p.reports.map((rep) => {
        const review = rep.review
          ? `；${stamp(rep.review.at)} ${rep.review.approved ? '审定通过' : '退回修改'}`
          : '；待审定';
        const verdict = rep.verdict
          ? `；${stamp(rep.verdict.at)} ${rep.verdict.accepted ? '验收销号' : '领导退回'}`
          : '';
        return `${dept(p.dept)} ${REPORT_LABEL[rep.kind]} ${stamp(rep.at)}${review}${verdict}`;
      }),
    );
    const extensions = f.extensions.map((e) => {
      const d = e.decision;
      const state = d ? `${stamp(d.at)} ${d.granted ? '同意' : '不同意'}` : '待审批';
      return `${dept(e.dept)} ${stamp(e.at)} 申请 ${e.from}→${e.to}（${state}）`;
    });
    const behalf = f.issuedBy !== f.leader ? `（${person(f.issuedBy)}代交办）` : '';
    return {
      id: r.item.id,
      category: r.category,
      source: sourceOf(r.item),
      title: r.item.title,
      text: f.text,
      leader: `${person(f.leader)}${behalf}`,
      lead: dept(f.parts[0]!.dept),
      co: f.parts
        .slice(1)
        .map((p) => dept(p.dept))
        .join('、'),
      issuedOn: f.issuedOn,
      originalDue: f.originalDue,
      due: r.due,
      acknowledged: acks.join('\n'),
      reports: reports.join('\n'),
      extensions: extensions.join('\n'),
      ...(f.closedOn ? { closedOn: f.closedOn } : {}),
      status: STAGE_LABEL[r.stage],
      daysLeft: r.daysLeft,
      light: LIGHT_WORD[r.light],
      overdue: r.light === 'red',
    };
  });
}

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCityMeetingLine } from '../../commands/city-meeting.ts';
import { commands } from '../../commands/index.ts';
import { parseInstructLine } from '../../commands/instruct-line.ts';
import { parseProposalLine } from '../../commands/proposal.ts';
import { parseReportLine } from '../../commands/report.ts';
import { parseLedgerArgs } from '../../src/domain/ledger/filters.ts';
import type { OrgIndex } from '../../src/domain/org.ts';
import { isValidDate } from '../../src/domain/time.ts';
import { loadOrg } from '../../src/org-loader.ts';
import { sandboxDirectory } from '../../src/sandbox-directory.ts';
import { mixedText } from '../helpers/faults-arbitraries.ts';
import { runsFromEnv, seedFromEnv } from '../helpers/faults-prng.ts';

// The argument parsers of the other commands: whatever follows the command word, a value comes back —
// every name in it one the org knows, the text as typed, or a problem that quotes what was not understood.
const RUNS = { numRuns: runsFromEnv(10_000), seed: seedFromEnv(20261127) };
const NOW = new Date('2026-11-26T10:00:00+08:00');
// Department and leader words make the parsers go past their first check more often.
const words = fc.constantFrom(
  '牵头:区财政局',
  '协办:区住建局、区交通局',
  '领导:刘志强',
  '紧急:12月3日',
  '复杂',
  '需报进展',
  '部门:区应急管理局',
  '人大',
  '政协',
  '第12号',
  '限期:2027年3月31日',
  'I0001',
  '办结',
  '进展',
  '附件:https://x',
  '导出',
  '逾期',
  '区财政局',
);
const line = fc.array(fc.oneof(mixedText(6), words), { maxLength: 8 }).map((t) => t.join(' '));

let org: OrgIndex;
beforeAll(async () => {
  const dir = sandboxDirectory('data/org.example.json');
  const byMobile = Object.fromEntries(dir.people.flatMap((p) => (p.mobile ? [[p.mobile, p.openId]] : [])));
  const byEmail = Object.fromEntries(dir.people.flatMap((p) => (p.email ? [[p.email, p.openId]] : [])));
  org = (await loadOrg('data/org.example.json', async () => ({ byMobile, byEmail }))).index;
});

const wordsOf = (t: string) => t.trim().split(/\s+/).filter(Boolean);
const isDepartment = (id: string | undefined) => id === undefined || org.department(id) !== undefined;
const isLeader = (id: string | undefined) => id === undefined || org.isLeader(id);
/** A refusal names what it could not place, as typed (a department, a leader, a date, a word). */
const quotesTheLine = (problem: string, t: string) => {
  expect(problem.length).toBeGreaterThan(0);
  for (const [, quoted] of problem.matchAll(/“([^”]*)”/g))
    for (const part of quoted!.split('、')) expect(t, `${problem} quotes “${part}”`).toContain(part);
};
const OPTION =
  /^(?:(?:牵头|协办|领导|代|紧急|限期)[:：]|(?:一般|一般事项|复杂|复杂事项|年度|全年|年度事项|紧急|需报进展|报进展|需报告进展|报送进展)$)/;

describe('fuzz: the other command lines', () => {
  it('/批示: known departments and leader, the text as typed after the options, or a problem', () =>
    fc.assert(
      fc.property(line, (t) => {
        const r = parseInstructLine(t, org, NOW);
        if (!r.ok) return quotesTheLine(r.problem, t);
        const { lead, co, leader, text, urgentDue } = r.input;
        expect(isDepartment(lead) && (co ?? []).every(isDepartment) && isLeader(leader)).toBe(true);
        expect(t.trim().endsWith(text ?? '')).toBe(true);
        // The first word that is not an option starts the text: no option is left at its start.
        expect(OPTION.test(wordsOf(text ?? '')[0] ?? '')).toBe(false);
        if (urgentDue) expect(isValidDate(urgentDue)).toBe(true);
      }),
      RUNS,
    ));
  it('/建议提案: known departments and leader, number and title taken from the words typed', () =>
    fc.assert(
      fc.property(line, (t) => {
        const r = parseProposalLine(t, org, NOW);
        if (!r.ok) return quotesTheLine(r.problem, t);
        const { lead, co, leader, number, title } = r.input;
        expect(isDepartment(lead) && (co ?? []).every(isDepartment) && isLeader(leader)).toBe(true);
        const words = wordsOf(t);
        if (number !== undefined) expect(words).toContain(number);
        for (const w of wordsOf(title ?? '')) expect(words).toContain(w);
      }),
      RUNS,
    ));
  it('/台账: a filter of known departments and leaders, or the word it could not read', () =>
    fc.assert(
      fc.property(line, (t) => {
        const r = parseLedgerArgs(t, org);
        if (!r.ok) return quotesTheLine(r.problem, t);
        expect(isDepartment(r.filter.department) && isLeader(r.filter.leader)).toBe(true);
        expect(r.export).toBe(wordsOf(t).some((w) => w === '导出' || w.toLowerCase() === 'export'));
      }),
      RUNS,
    ));
  it('/反馈: the item number typed first, the attachment and the text from the line', () =>
    fc.assert(
      fc.property(line, (t) => {
        const r = parseReportLine(t);
        expect(r.text).toBe(r.text.trim());
        if (r.id) expect(wordsOf(t)[0]?.toUpperCase()).toBe(r.id);
        if (r.attachment) expect(t).toContain(r.attachment);
        for (const w of wordsOf(r.text)) expect(t).toContain(w);
      }),
      RUNS,
    ));
  it('/市级会议: the meeting named by the words typed, a valid day, the department word as typed', () =>
    fc.assert(
      fc.property(line, (t) => {
        const r = parseCityMeetingLine(t, NOW);
        const words = wordsOf(t);
        for (const w of wordsOf(r.meeting ?? '')) expect(words).toContain(w);
        if (r.date) expect(isValidDate(r.date)).toBe(true);
        if (r.deptWord !== undefined) expect(t).toContain(r.deptWord);
      }),
      RUNS,
    ));
  it('every registered command’s argument schema passes the line through, or says why in Chinese', () => {
    fc.assert(
      fc.property(fc.constantFrom(...commands), line, (c, t) => {
        const r = c.args.safeParse(t);
        // A schema passes the line through, or (/节假日) turns it into the value it names, typed in the line.
        if (r.success && typeof r.data === 'string') expect(r.data).toBe(t);
        else if (r.success && r.data === undefined) expect(t.trim()).toBe('');
        else if (r.success) expect(t).toContain(String(r.data));
        else for (const issue of r.error.issues) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
      }),
      RUNS,
    );
  });
});

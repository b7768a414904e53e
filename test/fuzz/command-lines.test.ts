import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCityMeetingLine } from '../../commands/city-meeting.ts';
import { commands } from '../../commands/index.ts';
import { parseInstructLine } from '../../commands/instruct-line.ts';
import { parseProposalLine } from '../../commands/proposal.ts';
import { parseReportLine } from '../../commands/report.ts';
import { parseLedgerArgs } from '../../src/domain/ledger/filters.ts';
import type { OrgIndex } from '../../src/domain/org.ts';
import { loadOrg } from '../../src/org-loader.ts';
import { sandboxDirectory } from '../../src/sandbox-directory.ts';
import { mixedText } from '../helpers/faults-arbitraries.ts';
import { seedFromEnv } from '../helpers/faults-prng.ts';

// The argument parsers of the other commands: whatever follows the command word, a value comes back.
const RUNS = { numRuns: 10_000, seed: seedFromEnv(20261127) };
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

const okOrProblem = (r: { ok: boolean; problem?: string }) => {
  expect(typeof r.ok).toBe('boolean');
  if (!r.ok) expect(typeof r.problem).toBe('string');
};

describe('fuzz: the other command lines', () => {
  it('/批示', () =>
    fc.assert(
      fc.property(line, (t) => okOrProblem(parseInstructLine(t, org, NOW))),
      RUNS,
    ));
  it('/建议提案', () =>
    fc.assert(
      fc.property(line, (t) => okOrProblem(parseProposalLine(t, org, NOW))),
      RUNS,
    ));
  it('/台账', () =>
    fc.assert(
      fc.property(line, (t) => okOrProblem(parseLedgerArgs(t, org))),
      RUNS,
    ));
  it('/反馈', () =>
    fc.assert(
      fc.property(line, (t) => void parseReportLine(t)),
      RUNS,
    ));
  it('/市级会议', () =>
    fc.assert(
      fc.property(line, (t) => void parseCityMeetingLine(t, NOW)),
      RUNS,
    ));
  it('every registered command’s argument schema answers success or issues', () => {
    fc.assert(
      fc.property(fc.constantFrom(...commands), line, (c, t) => {
        const r = c.args.safeParse(t);
        expect(typeof r.success).toBe('boolean');
      }),
      RUNS,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseCityMeetingLine } from '../../commands/city-meeting.ts';
import { parseInstructLine } from '../../commands/instruct-line.ts';
import { parseProposalLine } from '../../commands/proposal.ts';
import { parseReportLine } from '../../commands/report.ts';
import { org } from '../helpers/domain.ts';

const now = new Date('2026-11-26T10:00:00+08:00');

describe('/批示 one-line form: options first, then the text as typed', () => {
  it.each([
    [
      '牵头:区财政局 协办:区住建局、交通局 请研究 复杂 问题',
      { lead: 'finance', co: ['housing', 'transport'], text: '请研究 复杂 问题' },
    ],
    [
      '牵头：财政局 复杂 需报进展 开展检查',
      { lead: 'finance', class: 'complex', progress: true, text: '开展检查' },
    ],
    ['牵头:区卫健局 紧急:12月3日 做好防控', { lead: 'health', class: 'urgent', urgentDue: '2026-12-03' }],
    ['领导:刘志强 牵头:区财政局 督办', { leader: 'liu-zhiqiang', lead: 'finance', text: '督办' }],
  ])('%s', (line, expected) => {
    const r = parseInstructLine(line, org, now);
    expect(r.ok && r.input).toMatchObject(expected);
  });

  it.each([
    ['牵头:火星局 x', /没有找到部门“火星局”/],
    ['牵头:区财政局、区住建局 x', /牵头部门只能有一个/],
    ['领导:杨帆 牵头:区财政局 x', /不是区政府领导/],
    ['紧急:下下下周 x', /没有看懂办结时限/],
  ])('refused: %s', (line, problem) => {
    const r = parseInstructLine(line, org, now);
    expect(r.ok ? '' : r.problem).toMatch(problem);
  });
});

describe('/反馈, /市级会议, /建议提案 lines', () => {
  it.each([
    [
      'I0001 办结 已完成 附件:file_v3_abc',
      { id: 'I0001', kind: 'completion', text: '已完成', attachment: 'file_v3_abc' },
    ],
    [
      'i0002 进展 已部署 https://x.cn/a.pdf 请审阅',
      { id: 'I0002', kind: 'progress', text: '已部署  请审阅', attachment: 'https://x.cn/a.pdf' },
    ],
    ['已完成排查', { text: '已完成排查' }],
  ])('/反馈 %s', (line, expected) => {
    expect(parseReportLine(line)).toEqual(expected);
  });

  it('/市级会议 with a date and a department', () => {
    expect(parseCityMeetingLine('11月25日 全市 安全生产会议 部门:区应急管理局', now)).toEqual({
      date: '2026-11-25',
      meeting: '全市 安全生产会议',
      deptWord: '区应急管理局',
    });
    expect(parseCityMeetingLine('市政府专题会议', now)).toEqual({ meeting: '市政府专题会议' });
  });

  it('/建议提案 with type, number, departments, limit and title', () => {
    const r = parseProposalLine(
      '政协 第5号 牵头:区住建局 协办:区财政局 限期:2027年3月31日 关于 加快改造的提案',
      org,
      now,
    );
    expect(r.ok && r.input).toEqual({
      type: 'cppcc',
      number: '第5号',
      lead: 'housing',
      co: ['finance'],
      due: '2027-03-31',
      title: '关于 加快改造的提案',
    });
  });
});

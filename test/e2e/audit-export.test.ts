import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseAuditRange } from '../../commands/audit.ts';
import { AUDIT_SHEET } from '../../src/export/audit-xlsx.ts';
import { buttonValue, cardsIn, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

const NOW = new Date('2026-11-26T10:00:00+08:00');
const DEPT_HEAD = 'cao-min';
const VICE_HEAD = 'sun-haiyan'; // AB partner zhao-wenbo
const PARTNER = 'zhao-wenbo';
const HEAD = 'zhou-jianguo';
const SUPERVISION = 'zheng-hong';

const { h, clock } = harnessEachTest(NOW);

async function exported(person: string): Promise<string[][]> {
  const file = h.inbox(person).findLast((m) => m.msgType === 'file');
  const stored = h.lark.files.get((file!.content as { file_key: string }).file_key)!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(AUDIT_SHEET)!;
  const rows: string[][] = [];
  ws.eachRow((r) => {
    rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return rows;
}

describe('/留痕导出: every decision over a date range, for the supervision office', () => {
  it('covers leave (with 代批), and archived work, with who, on whose behalf, when and which step', async () => {
    // A vice head's leave, approved by the head; while she is away her AB partner approves for her.
    await h.say(VICE_HEAD, '/请假 11月30日至12月5日 大连 招商活动');
    const [headCard] = cardsIn(h, HEAD);
    await tap(h, HEAD, headCard!.messageId, buttonValue(headCard!.content, '同意'));
    clock.now = new Date('2026-12-01T09:00:00+08:00');
    await h.say(DEPT_HEAD, '/请假 12月10日至12月11日 北京 学习');
    const [partnerCard] = cardsIn(h, PARTNER);
    await tap(h, PARTNER, partnerCard!.messageId, buttonValue(partnerCard!.content, '同意'));
    // A topic closed last year, now in the archive: outside the range, not exported.
    await h.store.archive.add([
      {
        id: 'T0001',
        kind: 'topic',
        title: '旧议题',
        steps: [],
        trail: [{ at: '2025-03-01T02:00:00Z', actor: HEAD, action: 'approve', round: 1 }],
        closedAt: '2025-03-02T00:00:00Z',
      } as never,
    ]);

    await h.say(SUPERVISION, '/留痕导出 2026-11-01 2026-12-31');
    expect(h.lastText(SUPERVISION)).toMatch(
      /审批留痕已导出：2026-11-01 至 2026-12-31 共\d+条记录（其中代批1条）/,
    );
    const rows = await exported(SUPERVISION);
    expect(rows[0]).toEqual([
      '时间',
      '编号',
      '类别',
      '事项',
      '环节',
      '操作',
      '操作人',
      '代谁审批（代批）',
      '意见',
      '轮次',
    ]);
    const body = rows.slice(1);
    expect(body.every((r) => r[0]! >= '2026-11-01' && r[0]! <= '2026-12-31 23:59')).toBe(true);
    expect(body.map((r) => r[1])).not.toContain('T0001');
    const behalf = body.find((r) => r[7] !== '');
    expect(behalf).toMatchObject({ 1: 'Q0002', 2: '请假报备', 5: '同意', 6: '赵文博', 7: '孙海燕' });
    expect(behalf![0]).toMatch(/^2026-12-01 09:00/);
    expect(behalf![4]).not.toBe('');
    expect(body.find((r) => r[1] === 'Q0001' && r[6] === '周建国')).toMatchObject({ 5: '同意' });
    expect(body.filter((r) => r[5] === '提交').map((r) => r[1])).toEqual(['Q0001', 'Q0002']);

    // Last year's range finds the archived topic.
    await h.say(SUPERVISION, '/留痕导出 2025');
    const old = (await exported(SUPERVISION)).slice(1);
    expect(old).toEqual([
      [
        expect.stringMatching(/^2025-03-01 10:00/),
        'T0001',
        '会议议题',
        '旧议题',
        '',
        '同意',
        '周建国',
        '',
        '',
        '1',
      ],
    ]);
  });

  it('answers bad input with the usage, and refuses officials outside the supervision office and leaders', async () => {
    await h.say(SUPERVISION, '/留痕导出 2026-12-31 2026-01-01');
    expect(h.lastText(SUPERVISION)).toMatch(/开始日期晚于结束日期[\s\S]*\/留痕导出 2026-11/);
    await h.say(SUPERVISION, '/留痕导出 上个月');
    expect(h.lastText(SUPERVISION)).toContain('请写起止两个日期');
    await h.say(SUPERVISION, '/留痕导出 2026-11-01 2026-11-31');
    expect(h.lastText(SUPERVISION)).toContain('“2026-11-31”不是日期');
    await h.say(SUPERVISION, '/留痕导出');
    expect(h.lastText(SUPERVISION)).toBe('2026-11-01 至 2026-11-26 没有审批留痕记录。');
    await h.say(DEPT_HEAD, '/留痕导出');
    expect(h.lastText(DEPT_HEAD)).toContain('仅限区政府领导和督查室使用');
  });

  it('reads date ranges as written', () => {
    expect(parseAuditRange('', '2026-11-26')).toEqual({ from: '2026-11-01', to: '2026-11-26' });
    expect(parseAuditRange('2026-2', '2026-11-26')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(parseAuditRange('2026-10-01至2026-12-31', '2026-11-26')).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(parseAuditRange('2026-13', '2026-11-26')).toEqual({ problem: '没有 13 月' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import type { MinutesItem } from '../../src/domain/minutes/types.ts';
import type { SandboxLark } from '../../src/sandbox/lark-server.ts';
import { expectAgreement, instanceOf, quick, todoOf } from '../helpers/approval.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { createHarnessLark, type Harness, startHarness } from '../helpers/harness.ts';

// Thursday 2026-11-26 in Beijing, after the meeting of that morning.
const NOW = new Date('2026-11-26T16:00:00+08:00');
const HEAD = 'zhou-jianguo';
const EXEC = 'liu-zhiqiang';
const VICE_HEADS = ['wang-lihua', 'chen-lixin', 'zhao-wenbo', 'sun-haiyan'];
const OFFICE_STAFF = 'he-xin';

let lark: SandboxLark | undefined;
let h: Harness | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  await h?.stop();
  await lark?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  h = lark = dataDir = undefined;
});

describe('§38 §56 minutes in the Approval Center', () => {
  it('the vice heads, then the executive vice head read the minutes, the head signs from the Approval Center: the decisions become supervised items, shown with their source', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'govbot-md-ac-'));
    lark = createHarnessLark();
    h = await startHarness({ clock: () => NOW, store: 'lowdb', dataDir, lark, approvalCenter: true });
    await h.say(OFFICE_STAFF, '/会议纪要');
    const form = cardsIn(h, OFFICE_STAFF).at(-1)!;
    const r = await tap(h, OFFICE_STAFF, form.messageId, buttonValue(form.content, '登记并开始纪要流程'), {
      meeting: 'standing',
      heldOn: '2026-11-26 +0800',
      decision1: '开展冬季安全生产大检查',
      lead1: '区应急管理局',
    });
    const mid = /M\d{4}/.exec(r.toast.content)![0];
    const draft = cardsIn(h, OFFICE_STAFF).find((c) => cardText(c.content).includes('纪要已起草，送审'))!;
    await tap(h, OFFICE_STAFF, draft.messageId, buttonValue(draft.content, '纪要已起草，送审'));

    // §38 in order: the executive vice head has nothing to read before every vice head has read it.
    expect(todoOf(h, EXEC)).toEqual([]);
    for (const who of VICE_HEADS) {
      expect(todoOf(h, who)).toEqual([`${mid}/review`]);
      await quick(h, who, mid, 'review', 'APPROVE');
    }
    expect(todoOf(h, EXEC)).toEqual([`${mid}/exec`]);
    await quick(h, EXEC, mid, 'exec', 'APPROVE');
    expectAgreement(h, mid, NOW);
    await quick(h, HEAD, mid, 'sign', 'APPROVE');

    const m = h.store.data.items[mid] as MinutesItem;
    expect(m.status).toBe('approved');
    const id = m.fields.decisions[0]!.item!;
    const it = h.store.data.items[id] as InstructionItem;
    expect(it.fields).toMatchObject({
      source: 'meeting',
      reference: '常务会议 2026-11-26 议定事项 1',
      leader: HEAD,
    });
    // The emergency bureau signs for it in the chat; its instance shows where it comes from.
    const ack = cardsIn(h, 'kong-wu').find((c) => cardText(c.content).includes('议定事项签收'))!;
    expect(ack).toBeDefined();
    await tap(h, 'kong-wu', ack.messageId, buttonValue(ack.content, '签收'), { responsible: 'kong-wu' });
    await h.say('kong-wu', `/反馈 ${id} 办结 已完成全区检查`);
    const form2 = instanceOf(h, id).form;
    expect(form2.map((f) => f.name)).toContain('来源');
    expect(form2.find((f) => f.name === '议定事项')?.value).toBe('开展冬季安全生产大检查');
  });
});

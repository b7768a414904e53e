import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { InstructionItem } from '../../src/domain/instruction/types.ts';
import type { TopicItem } from '../../src/domain/topic/types.ts';
import { departmentEventBody, userEventBody } from '../../src/sandbox/contact-directory.ts';
import { sandboxDepartmentId } from '../../src/sandbox-directory.ts';
import { buttonValue, cardsIn, cardText, tap } from '../helpers/cards.ts';
import { harnessEachTest } from '../helpers/e2e.ts';

// Thursday 2026-11-26, 10:00 in Beijing.
const NOW = new Date('2026-11-26T10:00:00+08:00');
const dir = mkdtempSync(join(tmpdir(), 'govbot-org-sync-'));
const ORG = join(dir, 'org.json');
const ROLES = join(dir, 'org.roles.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Declared before the harness's own hook, so each test starts from the example org and roles.
beforeEach(() => {
  copyFileSync('data/org.example.json', ORG);
  copyFileSync('data/org.example.roles.json', ROLES);
});
const { h } = harnessEachTest(NOW, { orgFile: ORG, orgSync: true });

const EDUCATION = { id: 'education', head: 'cao-min', deputy: 'peng-bo', staff: 'xie-ting' };
const LEADER = 'sun-haiyan'; // supervises 区教育局
const govOffice = () => h.org.chat('governmentOffice').chatId;
const item = (id: string) => h.store.data.items[id] as InstructionItem;
const lastGovText = () =>
  (h.inbox(govOffice()).filter((m) => m.msgType === 'text').at(-1)?.content as { text?: string } | undefined)
    ?.text ?? '';

/** Changes a unit's leaders in the sandbox directory and sends Lark's contact.department.updated_v3. */
async function setLeadersInLark(unit: string, main: string, deputies: string[] = []) {
  const id = sandboxDepartmentId(unit);
  const oid = (p: string) => h.who(p).openId;
  h.lark.contact.setLeaders(id, oid(main), deputies.map(oid));
  const dept = h.lark.contact.department(id)!;
  await h.events.post(h.events.envelope('contact.department.updated_v3', departmentEventBody(dept)));
  await h.orgSync!.idle();
  await h.settle();
}

function cardWith(who: string, text: string) {
  const c = cardsIn(h, who)
    .filter((m) => cardText(m.content).includes(text))
    .at(-1);
  if (!c) throw new Error(`no card with “${text}” for ${who}`);
  return { messageId: c.messageId, content: h.lark.currentContent(c.messageId) };
}

describe('the org follows Lark’s directory while the bot runs', () => {
  it('a new main head in Lark takes over the unit’s waiting 签收 and report review; the old head can no longer approve', async () => {
    await h.orgSync!.idle();
    await h.say(LEADER, '/批示 牵头:区教育局 请研究课后服务经费保障问题');
    expect(item('I0001').steps.find((s) => s.id === 'a0')?.parties).toEqual([EDUCATION.head]);

    // The administrator makes the deputy the main head (and the old head a deputy) in Lark.
    await setLeadersInLark(EDUCATION.id, EDUCATION.deputy, [EDUCATION.head]);
    expect(h.org.department(EDUCATION.id)?.mainHead).toBe(EDUCATION.deputy);
    expect(item('I0001').steps.find((s) => s.id === 'a0')?.parties).toEqual([EDUCATION.deputy]);
    expect(item('I0001').trail.at(-1)).toMatchObject({ actor: 'system', action: 'reassign', stepId: 'a0' });
    const text = lastGovText();
    expect(text).toContain('组织架构已更新（来自飞书通讯录）');
    expect(text).toContain('区教育局 主要负责人：曹敏 → 彭博');
    expect(text).toContain('I0001「区教育局签收」曹敏 → 彭博');

    // The staff member signs and reports; §56 review now waits on the new main head.
    const ack = cardWith(EDUCATION.staff, '签收即表示');
    await tap(h, EDUCATION.staff, ack.messageId, buttonValue(ack.content, '签收'), {
      responsible: EDUCATION.staff,
    });
    await h.say(EDUCATION.staff, '/反馈 I0001 办结 已落实课后服务经费');
    expect(item('I0001').steps.find((s) => s.id === 'v0.1')?.parties).toEqual([EDUCATION.deputy]);

    // The main head changes back while the review waits: the review follows the role again.
    await setLeadersInLark(EDUCATION.id, EDUCATION.head, [EDUCATION.deputy]);
    expect(item('I0001').steps.find((s) => s.id === 'v0.1')?.parties).toEqual([EDUCATION.head]);
    const review = cardWith(EDUCATION.head, '审定通过并上报');
    const pass = buttonValue(review.content, '审定通过并上报');
    const stale = cardWith(EDUCATION.deputy, '审定通过并上报');
    const refused = await tap(h, EDUCATION.deputy, stale.messageId, buttonValue(stale.content, '审定通过并上报'));
    expect(refused.toast.content).toContain('主要负责人 曹敏 审定');
    const approved = await tap(h, EDUCATION.head, review.messageId, pass);
    expect(approved.toast).toEqual({ type: 'success', content: '已审定，报告已上报' });
  });
});

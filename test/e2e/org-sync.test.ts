import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
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
  (
    h
      .inbox(govOffice())
      .filter((m) => m.msgType === 'text')
      .at(-1)?.content as { text?: string } | undefined
  )?.text ?? '';

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
    const refused = await tap(
      h,
      EDUCATION.deputy,
      stale.messageId,
      buttonValue(stale.content, '审定通过并上报'),
    );
    expect(refused.toast.content).toContain('须由 曹敏 审定');
    const approved = await tap(h, EDUCATION.head, review.messageId, pass);
    expect(approved.toast).toEqual({ type: 'success', content: '已审定，报告已上报' });
  });

  it('a standing-meeting consultation: the affected unit’s new main head is asked; one who already answered keeps the answer', async () => {
    await h.orgSync!.idle();
    await h.say('cao-min', '/议题');
    const form = cardsIn(h, 'cao-min').at(-1)!;
    const ok = await tap(h, 'cao-min', form.messageId, buttonValue(form.content, '提交'), TOPIC_FORM);
    expect(ok.toast.content).toBe('已提交 T0001');
    const consult = () => (h.store.data.items.T0001 as TopicItem).steps.find((s) => s.id === 'consult')!;
    expect(consult().parties).toEqual(['yang-fan', 'du-qiang', 'shi-yan']);
    // The finance bureau answers before its head changes; human resources has not answered.
    const fin = cardsIn(h, 'yang-fan').at(-1)!;
    await tap(h, 'yang-fan', fin.messageId, buttonValue(fin.content, '同意'), { comment: '' });

    await setLeadersInLark('finance', 'zhu-li', ['yang-fan']);
    await setLeadersInLark('human-resources', 'wei-na', ['du-qiang']);

    expect(consult().parties).toEqual(['yang-fan', 'shi-yan', 'wei-na']);
    expect(consult().responses.map((r) => r.party)).toEqual(['yang-fan']);
    expect(cardText(cardsIn(h, 'wei-na').at(-1)!.content)).toContain('关于新建城区第二小学的请示');
    expect(lastGovText()).toContain('T0001「涉及单位会签意见」杜强 → 魏娜');
  });

  it('someone who joins in Lark can use the bot the same day; someone who leaves is out, their waiting report listed for the office', async () => {
    await h.orgSync!.idle();
    await h.say(LEADER, '/批示 牵头:区教育局 请研究课后服务经费保障问题');
    const ack = cardWith(EDUCATION.staff, '签收即表示');
    await tap(h, EDUCATION.staff, ack.messageId, buttonValue(ack.content, '签收'), {
      responsible: EDUCATION.staff,
    });

    const newcomer = {
      openId: 'ou_0f0e0d0c0b0a09080706050403020100',
      name: '林晓',
      jobTitle: '区教育局科员',
      departmentIds: [sandboxDepartmentId(EDUCATION.id)],
    };
    h.lark.contact.putUser(newcomer);
    await h.events.post(h.events.envelope('contact.user.created_v3', userEventBody(newcomer)));
    const leaving = h.who(EDUCATION.staff);
    h.lark.contact.removeUser(leaving.openId);
    await h.events.post(h.events.envelope('contact.user.deleted_v3', userEventBody({ ...leaving })));
    await h.orgSync!.idle();
    await h.settle();

    expect(lastGovText()).toContain('新增 1 人：林晓（区教育局科员）');
    expect(lastGovText()).toContain('离开 1 人：谢婷');
    expect(lastGovText()).toContain('I0001「请研究课后服务经费保障问题」区教育局报送办理情况（谢婷）');
    expect(h.org.person(EDUCATION.staff)).toBeUndefined();

    await h.events.sendText({ from: newcomer.openId, chatType: 'p2p', text: '/我是谁' });
    await h.settle();
    const reply = h.inbox(`oc_p2p_${newcomer.openId}`).at(-1)?.content as { text: string };
    expect(reply.text).toContain('姓名：林晓（区教育局科员）');
    expect(reply.text).toContain('单位：区教育局');
  });
});

describe('an edit of the org or roles file is taken without a restart', () => {
  // biome-ignore lint/suspicious/noExplicitAny: an edit by hand reaches anywhere into the file
  const edit = (file: string, change: (o: Record<string, any>) => void) => {
    const o = JSON.parse(readFileSync(file, 'utf8'));
    change(o);
    writeFileSync(file, JSON.stringify(o, null, 2));
  };
  const whoami = async (id: string) => {
    await h.say(id, '/我是谁');
    return h.lastText(id);
  };

  it('a broken edit of the org file is refused, saying why, and the org in use is kept; a good edit is taken', async () => {
    await h.orgSync!.idle();
    rmSync(ROLES); // a hand-written org file, as before the import existed
    const before = h.live.current();
    edit(ORG, (o) => {
      o.departments[0].supervisor = 'nobody';
      o.people[0].title = '区长（新）';
    });
    await vi.waitFor(() => expect(h.orgSync!.last()).toMatchObject({ source: 'file', applied: false }), {
      timeout: 5000,
    });
    expect(h.orgSync!.last()).toMatchObject({
      reason: 'refused',
      problems: ['departments[0].supervisor: unknown person "nobody": no one in people has this id'],
    });
    expect(h.live.current()).toBe(before);
    expect(await whoami('zhou-jianguo')).toContain('姓名：周建国（区长）');

    edit(ORG, (o) => {
      o.departments[0].supervisor = 'liu-zhiqiang';
    });
    await vi.waitFor(() => expect(h.orgSync!.last()).toMatchObject({ source: 'file', applied: true }), {
      timeout: 5000,
    });
    expect(await whoami('zhou-jianguo')).toContain('姓名：周建国（区长（新））');
    expect(lastGovText()).toContain('组织架构文件已修改');
  });

  it('a new main head written into the org file by hand moves the unit’s waiting 签收 too', async () => {
    await h.orgSync!.idle();
    rmSync(ROLES);
    await h.say(LEADER, '/批示 牵头:区教育局 请研究课后服务经费保障问题');
    edit(ORG, (o) => {
      const d = o.departments.find((x: { id: string }) => x.id === EDUCATION.id);
      d.mainHead = EDUCATION.deputy;
      d.deputies = [EDUCATION.head];
    });
    await vi.waitFor(() => expect(h.orgSync!.last()).toMatchObject({ source: 'file', applied: true }), {
      timeout: 5000,
    });
    await h.settle();
    expect(item('I0001').steps.find((s) => s.id === 'a0')?.parties).toEqual([EDUCATION.deputy]);
    expect(cardText(cardsIn(h, EDUCATION.deputy).at(-1)!.content)).toContain('请研究课后服务经费保障问题');
  });

  it('a broken roles file is refused and the org in use kept; the government office hears why', async () => {
    await h.orgSync!.idle();
    const before = h.live.current();
    edit(ROLES, (o) => {
      o.leaders.viceHeads[1].supervises.push('区不存在局');
      o.functions.finance = 'ou_not_a_unit';
    });
    await vi.waitFor(() => expect(h.orgSync!.last()).toMatchObject({ source: 'lark', applied: false }), {
      timeout: 5000,
    });
    await h.settle();
    const last = h.orgSync!.last();
    expect(last?.applied === false && last.reason === 'refused' && last.problems).toEqual([
      '[角色文件 roles] leaders.viceHeads[1].supervises[3]: no department "区不存在局" under the root district-government (by Lark department id or name)',
      '[角色文件 roles] functions.finance: no department "ou_not_a_unit" under the root district-government (by Lark department id or name)',
    ]);
    expect(h.live.current()).toBe(before);
    expect(lastGovText()).toContain('飞书通讯录同步未生效，机器人仍使用原组织架构');
    expect(lastGovText()).toContain('区不存在局');
    // The watcher seeing the org file again, unchanged (as it does seconds after a refresh wrote it), is no
    // news: what the administrator reads stays the refusal.
    await h.orgSync!.reloadOrgFile();
    expect(h.orgSync!.last()).toMatchObject({ source: 'lark', applied: false, reason: 'refused' });
  });
});

const TOPIC_FORM = {
  meeting: 'standing',
  unit: 'education',
  title: '关于新建城区第二小学的请示',
  background: '城区适龄儿童逐年增加，现有学位缺口约600个。',
  problems: '现有三所小学均超员，大班额问题突出。',
  matters: '建设用地划拨和建设资金安排。',
  solution: '在城南片区新建一所36班小学，2027年开工。',
  recommendation: '列入2027年区级重点项目。',
  affected: ['finance', 'human-resources', 'health'],
  legal: 'yes',
  major: 'no',
  attachments: '',
};

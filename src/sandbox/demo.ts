import type { Command } from '../bot/command.ts';
import type { Calendar } from '../domain/calendar.ts';
import type { ChatKind, OrgIndex } from '../domain/org.ts';
import { addDays, beijingDate, beijingInstant, type DateStr, dateParts } from '../domain/time.ts';
import type { Job } from '../scheduler/job.ts';
import { monthlyDocumentsJob } from '../scheduler/jobs/monthly-documents.ts';
import type { SandboxClock } from './clock.ts';
import { p2pChatId, type SandboxLark } from './lark-server.ts';
import type { Driver, Json } from './web/driver.ts';

/**
 * 示例数据 — "a realistic morning": the weeks before today are played out by real people through the
 * real commands, card taps and jobs, with the sandbox clock moved back for each step; the page then
 * stands on today's working morning with the digest and the nags posted.
 *
 * Adding a workflow's demo: write its steps in a `…Steps(t)` function below with `needs` set to its
 * command word, and list it in `allSteps`. A step whose command is not registered is skipped (and
 * reported), so steps may be written before the command lands.
 */
export interface DemoDeps {
  driver: Driver;
  lark: SandboxLark;
  /** A card as it stands now (patches and tap answers applied). */
  current(messageId: string): unknown;
  org: OrgIndex;
  calendar: Calendar;
  clock: SandboxClock;
  commands: readonly Command<unknown>[];
  /** Runs only these jobs as of `at` (the past needs its monthly lists, not its digests). */
  runJobs(jobs: Job[], at: Date): Promise<void>;
  /** Every scheduled job as of `at`, as the minute cron would. */
  tick(at: Date): Promise<void>;
}

export interface DemoReport {
  /** The morning the demo stands on. */
  today: DateStr;
  done: number;
  skipped: string[];
}

interface Step {
  at: Date;
  what: string;
  /** The command word the step needs (e.g. 批示); skipped when no command answers to it. */
  needs?: string;
  run(): Promise<void>;
}

/** Dates relative to the demo's morning, and the actions a step can take. */
interface Kit {
  today: DateStr;
  /** `n` working days before today (the calendar's holidays and make-up days counted). */
  wd(n: number): DateStr;
  plus(n: number): DateStr;
  at(day: DateStr, hhmm: string): Date;
  say(person: string, text: string): Promise<void>;
  sayIn(person: string, chat: ChatKind, text: string): Promise<void>;
  /** Taps `button` on the newest card in the person's p2p chat that mentions `text`. */
  tap(person: string, text: string, button: string, formValue?: Json): Promise<void>;
  runJob(job: Job, at: Date): Promise<void>;
}

const picked = (d: DateStr) => `${d} +0800`; // what Lark's date picker sends
const HEAD = 'zhou-jianguo';

export async function buildDemo(d: DemoDeps): Promise<DemoReport> {
  const today = d.calendar.nextWorkday(beijingDate(d.clock.now()), true);
  const t = kit(d, today);
  const steps = allSteps(t, d).sort((a, b) => a.at.getTime() - b.at.getTime());
  const words = new Set(d.commands.flatMap((c) => [c.name, ...c.aliases]));
  const skipped: string[] = [];
  let done = 0;
  for (const s of steps) {
    if (s.needs && !words.has(s.needs)) {
      const note = `/${s.needs} 尚未启用，跳过：${s.what}`;
      if (!skipped.includes(note)) skipped.push(note);
      continue;
    }
    d.clock.set(s.at);
    try {
      await s.run();
      await d.driver.settle();
      done++;
    } catch (err) {
      skipped.push(`${s.what}：${(err as Error).message}`);
    }
  }
  // This morning: the digest at its time, then the 09:00 nags.
  for (const hhmm of [d.org.digestTime(), '09:00']) {
    d.clock.set(t.at(today, hhmm));
    await d.tick(d.clock.now());
    await d.driver.settle();
  }
  return { today, done, skipped };
}

function allSteps(t: Kit, d: DemoDeps): Step[] {
  return [
    ...monthlyListSteps(t, d),
    ...leaveSteps(t),
    ...instructionSteps(t),
    ...topicSteps(t),
    ...groupSteps(t),
  ];
}

function kit(d: DemoDeps, today: DateStr): Kit {
  return {
    today,
    wd: (n) => d.calendar.addWorkdays(today, -n).date,
    plus: (n) => addDays(today, n),
    at: (day, hhmm) => beijingInstant(day, hhmm),
    async say(person, text) {
      await d.driver.say(person, text);
    },
    async sayIn(person, chat, text) {
      await d.driver.say(person, text, { chatId: d.org.chat(chat).chatId, mentionBot: true });
    },
    async tap(person, text, button, formValue) {
      const chatId = p2pChatId(d.driver.person(person).openId);
      const cards = d.lark.messagesIn(chatId).filter((m) => m.msgType === 'interactive');
      for (const m of cards.reverse()) {
        const content = d.current(m.messageId);
        const found = JSON.stringify(content).includes(text) ? findButton(content, button) : undefined;
        if (!found) continue;
        const r = await d.driver.tap(person, m.messageId, {
          value: found.value,
          ...(found.inForm ? { formValue: formValue ?? {} } : {}),
          ...(found.name ? { name: found.name } : {}),
        });
        if (r.toast?.type === 'error' || r.toast?.type === 'warning') throw new Error(r.toast.content);
        return;
      }
      throw new Error(`${d.driver.person(person).name} 没有含“${text}”且有“${button}”按钮的卡片`);
    },
    runJob: (job, at) => d.runJobs([job], at),
  };
}

/** §70: last month's and this month's lists; most units report in time, a few lag (the digest's chart). */
function monthlyListSteps(t: Kit, d: DemoDeps): Step[] {
  const { year, month } = dateParts(t.today);
  const prev = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const rounds = [
    { start: d.calendar.firstWorkdayOfMonth(prev.year, prev.month), lagging: ['education', 'justice'] },
    {
      start: d.calendar.firstWorkdayOfMonth(year, month),
      lagging: ['education', 'justice', 'housing', 'transport', 'health'],
    },
  ].filter((r) => r.start < t.today);
  return rounds.flatMap((r) => {
    const period = addDays(r.start.slice(0, 8) + '01', -1).slice(0, 7);
    const label = `${period.replace('-', '年')}月上级来文目录`;
    const reportDay = d.calendar.addWorkdays(r.start, 2).date;
    const reports: Step[] =
      reportDay < t.today
        ? d.org
            .departments()
            .filter((dept) => !r.lagging.includes(dept.id))
            .map((dept, i) => ({
              at: t.at(reportDay, `14:${String(i).padStart(2, '0')}`),
              what: `${dept.name} 报送${label}`,
              run: () => t.tap(dept.mainHead, label, '已报送', { comment: `共${8 + (i % 7)}件，已交政府办` }),
            }))
        : [];
    return [
      {
        at: t.at(r.start, d.org.digestTime()),
        what: `各单位收到${label}报送通知（§70）`,
        run: () => t.runJob(monthlyDocumentsJob, t.at(r.start, d.org.digestTime())),
      },
      ...reports,
    ];
  });
}

/** Leaves in every state: approved, approved and away today, late, waiting (one on behalf, 代批), rejected, withdrawn, returned early, not yet returned. */
function leaveSteps(t: Kit): Step[] {
  const { wd, plus, at } = t;
  const span = (a: DateStr, b: DateStr) => `${a}至${b}`;
  return [
    // 民政局 董健: approved, back early with /销假.
    step(at(wd(8), '10:00'), '董健 请假', () =>
      t.say('dong-jian', `/请假 ${span(wd(4), wd(2))} 沈阳 参加全省养老服务工作会议`),
    ),
    step(at(wd(8), '11:20'), '孙海燕 同意董健请假', () => t.tap('sun-haiyan', '全省养老服务', '同意')),
    step(at(wd(7), '09:30'), '周建国 同意董健请假', () => t.tap(HEAD, '全省养老服务', '同意')),
    step(at(wd(3), '17:30'), '董健 销假', () => t.say('dong-jian', '/销假')),
    // 副区长 赵文博: approved by the head; away today, his AB partner 孙海燕 acts (§8).
    step(at(wd(5), '10:00'), '赵文博 请假', () =>
      t.say('zhao-wenbo', `/请假 ${span(wd(1), plus(1))} 大连 参加东北地区应急管理协作会`),
    ),
    step(at(wd(5), '11:00'), '周建国 同意赵文博请假', () => t.tap(HEAD, '应急管理协作会', '同意')),
    // 中部街道 林峰: filed late, approved, the leave has ended but no /销假 yet (nagged at 09:00).
    step(at(wd(4), '09:30'), '林峰 请假（迟报）', () =>
      t.say('lin-feng', `/请假 ${span(wd(3), wd(1))} 北京 参加城市更新专题培训`),
    ),
    step(at(wd(4), '10:15'), '陈立新 同意林峰请假', () => t.tap('chen-lixin', '城市更新专题培训', '同意')),
    step(at(wd(4), '14:00'), '周建国 同意林峰请假', () => t.tap(HEAD, '城市更新专题培训', '同意')),
    // 教育局 曹敏, through the form: approved by 孙海燕 and the head.
    step(at(wd(3), '09:10'), '曹敏 打开请假表单', () => t.say('cao-min', '/请假')),
    step(at(wd(3), '09:12'), '曹敏 提交请假表单', () =>
      t.tap('cao-min', '请假 / 离阜报备', '提交', {
        type: 'out_of_city',
        start: picked(plus(4)),
        end: picked(plus(6)),
        destination: '北京',
        reason: '参加省教育厅校长培训班',
      }),
    ),
    step(at(wd(3), '11:00'), '孙海燕 同意曹敏请假', () => t.tap('sun-haiyan', '校长培训班', '同意')),
    step(at(wd(2), '09:00'), '周建国 同意曹敏请假', () => t.tap(HEAD, '校长培训班', '同意')),
    // 交通运输局 叶青: filed, then withdrawn.
    step(at(wd(2), '09:20'), '叶青 请假', () =>
      t.say('ye-qing', `/请假 ${span(plus(10), plus(11))} 哈尔滨 考察冰雪路面养护`),
    ),
    step(at(wd(2), '09:45'), '叶青 撤回请假', () => t.tap('ye-qing', '冰雪路面养护', '撤回申请')),
    // 农业农村局 姚山: not approved, with the reason.
    step(at(wd(2), '10:00'), '姚山 请假', () =>
      t.say('yao-shan', `/请假 ${span(plus(2), plus(3))} 省城 参加农业农村厅工作会议`),
    ),
    step(at(wd(2), '16:00'), '王丽华 不同意姚山请假', () =>
      t.tap('wang-lihua', '农业农村厅工作会议', '不同意', {
        comment: '本周开展冬季安全生产检查，请安排分管负责同志参会',
      }),
    ),
    // 市场监管局 夏天: waits on 孙海燕, acting for the absent 赵文博 (代批).
    step(at(wd(1), '10:00'), '夏天 请假（待代批）', () =>
      t.say('xia-tian', `/请假 ${span(plus(5), plus(7))} 上海 参加食品安全监管业务培训`),
    ),
    // 住建局 苏刚: filed late, waiting on 陈立新.
    step(at(wd(1), '15:00'), '苏刚 请假（迟报）', () =>
      t.say('su-gang', `/请假 ${span(plus(1), plus(2))} 沈阳 汇报老旧小区改造进展`),
    ),
  ];
}

/** §54–§58 leader instructions (领导批示): runs once /批示 is registered. */
function instructionSteps(t: Kit): Step[] {
  const { wd, at } = t;
  return [
    step(
      at(wd(8), '10:30'),
      '刘志强 批示财政局',
      () =>
        t.say(
          'liu-zhiqiang',
          '/批示 牵头:区财政局 协办:区发展和改革局 请研究老旧小区改造资金缺口问题，提出解决方案',
        ),
      '批示',
    ),
    step(at(wd(7), '09:30'), '杨帆 签收批示', () => t.tap('yang-fan', '老旧小区改造资金', '签收'), '批示'),
    step(
      at(wd(2), '16:30'),
      '周建国 批示应急管理局',
      () =>
        t.say(HEAD, '/批示 牵头:区应急管理局 复杂 需报进展 开展冬季安全生产大检查，重点排查燃气和消防隐患'),
      '批示',
    ),
  ];
}
/** §37–§41, §50 topics (议题): one whose consultation closes by silence this morning, one just filed. */
function topicSteps(t: Kit): Step[] {
  const { wd, at } = t;
  const topic = (unit: string, title: string, affected: string[], major: boolean) => ({
    meeting: 'standing',
    unit,
    title,
    background: '经前期调研，全区有关情况已基本摸清，相关工作需提请区政府常务会议研究。',
    problems: '资金来源和部门分工尚未明确，推进进度滞后于年度计划。',
    matters: '明确资金安排和牵头、配合单位职责。',
    solution: '由提请单位牵头制定实施方案，涉及单位按职责配合，资金列入年度预算。',
    recommendation: '建议同意实施方案，并提请区政府常务会议审议。',
    affected,
    legal: major ? 'yes' : 'no',
    major: major ? 'yes' : 'no',
    // A major decision shows its statutory steps before it routes (§22–§24).
    ...(major
      ? {
          publicInterest: 'yes',
          participation_state: 'done',
          participation_what: '在区政府网站公开征求意见15天',
          participation_by: '区应急管理局',
          participation_on: picked(t.wd(15)),
          participation_material: 'https://example.gov.cn/zqyj.pdf',
          expert_state: 'done',
          expert_what: '邀请安全生产专家论证检查方案',
          expert_by: '区应急管理局',
          expert_on: picked(t.wd(10)),
          expert_material: '专家论证意见.pdf',
          risk_state: 'done',
          risk_what: '社会稳定风险评估',
          risk_by: '区委政法委',
          risk_on: picked(t.wd(8)),
          risk_material: '风险评估报告.pdf',
        }
      : {}),
  });
  const finance = '关于2027年老旧小区改造资金安排的请示';
  const emergency = '关于冬季安全生产大检查工作方案的请示';
  return [
    step(at(wd(3), '10:00'), '杨帆 打开议题申报表', () => t.say('yang-fan', '/议题'), '议题'),
    step(
      at(wd(3), '10:20'),
      '杨帆 提请常务会议议题',
      () =>
        t.tap(
          'yang-fan',
          '提请会议议题',
          '提交',
          topic('finance', finance, ['housing', 'development-reform'], false),
        ),
      '议题',
    ),
    // 发改局 agrees; 住建局 stays silent: at midnight §50 counts it as no objection.
    step(
      at(wd(2), '11:00'),
      '卢伟 会签同意',
      () => t.tap('lu-wei', '老旧小区改造资金安排', '同意', { comment: '' }),
      '议题',
    ),
    step(at(wd(1), '14:00'), '孔武 打开议题申报表', () => t.say('kong-wu', '/议题'), '议题'),
    step(
      at(wd(1), '14:20'),
      '孔武 提请常务会议议题（重大决策）',
      () =>
        t.tap(
          'kong-wu',
          '提请会议议题',
          '提交',
          topic('emergency', emergency, ['transport', 'market-regulation'], true),
        ),
      '议题',
    ),
  ];
}

/** In the groups, with the bot @mentioned: the office director looks at the agenda, 督查室 exports the ledger. */
function groupSteps(t: Kit): Step[] {
  const { wd, at } = t;
  return [
    step(
      at(wd(1), '17:30'),
      '李明远 在领导群查看议题列表',
      () => t.sayIn('li-mingyuan', 'leaders', '/议题列表'),
      '议题列表',
    ),
    step(
      at(wd(1), '17:40'),
      '郑红 在督查室群导出台账',
      () => t.sayIn('zheng-hong', 'supervision', '/台账 导出'),
      '台账',
    ),
  ];
}

function step(at: Date, what: string, run: () => Promise<void>, needs?: string): Step {
  return { at, what, run, ...(needs ? { needs } : {}) };
}

/** The first button labelled `label` in a card, with its callback value and whether it submits a form. */
function findButton(
  card: unknown,
  label: string,
): { value: Json; name?: string; inForm: boolean } | undefined {
  const walk = (node: unknown, inForm: boolean): ReturnType<typeof findButton> => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const r = walk(n, inForm);
        if (r) return r;
      }
      return undefined;
    }
    if (!node || typeof node !== 'object') return undefined;
    const n = node as Json;
    const text = (n.text as { content?: unknown } | undefined)?.content;
    if (n.tag === 'button' && text === label) {
      const value = (n.behaviors as Array<{ value?: Json }> | undefined)?.[0]?.value ?? {};
      return { value, ...(typeof n.name === 'string' ? { name: n.name } : {}), inForm };
    }
    for (const v of Object.values(n)) {
      const r = typeof v === 'object' ? walk(v, inForm || n.tag === 'form') : undefined;
      if (r) return r;
    }
    return undefined;
  };
  return walk(card, false);
}

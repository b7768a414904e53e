import { beijingDate, beijingTime, formatCn, weekdayCn } from '../../domain/time.ts';
import { createJobs } from '../../scheduler/jobs.ts';
import { createScheduler } from '../../scheduler/scheduler.ts';
import { emptyData } from '../../store/schema.ts';
import { buildDemo } from '../demo.ts';
import { type Driver, DriverError, type Json, TAP_FAILED } from './driver.ts';
import type { Feed } from './feed.ts';
import type { SandboxWebDeps } from './server.ts';

/** What the page calls the scheduled jobs (by `Job.name`). */
const JOB_LABEL: Record<string, string> = {
  'close-consultations': '会签到期处理',
  'close-meetings': '会议通知到期关闭',
  'acting-handover': '代行交接',
  'monthly-documents': '月度来文目录通知',
  'daily-digest': '督办日报',
  'weekly-summary': '每周汇总',
  nags: '催办',
  'returns-overdue': '销假与出访报告提醒',
  'archive-closed': '归档',
  'approval-center': '审批中心核对',
};

/** Jobs that run at every tick (not once a day): the toast does not list them as news. */
const EVERY_TICK = new Set(
  createJobs()
    .filter((j) => !j.oncePerDay)
    .map((j) => j.name),
);

const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');
const record = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/** The page's buttons, one function each; every answer carries a `toast` for the page to show. */
export function createActions(d: SandboxWebDeps & { feed: Feed; driver: Driver }) {
  let busy: string | undefined;
  const clockNote = () => {
    const now = d.clock.now();
    return `${formatCn(beijingDate(now))}（${weekdayCn(beijingDate(now))}）${beijingTime(now)}`;
  };
  const clockMoved = () => d.feed.broadcast({ type: 'clock', offsetMs: d.clock.offsetMs });

  /** One thing at a time: a reset in the middle of the demo would leave half a story. */
  async function exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (busy) throw new DriverError(409, `正在${busy}，请稍候`);
    busy = what;
    try {
      return await fn();
    } finally {
      busy = undefined;
    }
  }

  async function tick() {
    const at = d.clock.now();
    const results = await d.bot.scheduler.tick(at);
    await d.driver.settle();
    const ran = results.filter((r) => r.ran && !EVERY_TICK.has(r.job)).map((r) => JOB_LABEL[r.job] ?? r.job);
    return ran.length > 0 ? `已运行：${ran.join('、')}` : '没有新到点的每日任务（今天已运行过或未到时间）';
  }

  async function reset() {
    await d.driver.settle();
    await d.store.transact((data) => Object.assign(data, emptyData()));
    // The Approval Center starts afresh too: its lists, and the definitions' codes the bot keeps.
    d.lark.approvals.reset();
    await d.bot.approvalCenter?.start();
    d.clock.reset();
    d.feed.reset();
    clockMoved();
  }

  return {
    busy: () => busy,
    async send(b: Json) {
      // No chat named: the person's one-to-one chat with the bot (the driver's default).
      const chatId = text(b.chatId, 200);
      const id = await d.driver.say(text(b.as, 100), text(b.text, 4000), {
        ...(chatId ? { chatId } : {}),
        mentionBot: b.mentionBot === true,
      });
      return { messageId: id };
    },
    async tap(b: Json) {
      const value = record(b.value);
      if (!value) throw new DriverError(400, 'value must be an object');
      const formValue = record(b.formValue);
      const r = await d.driver.tap(text(b.as, 100), text(b.messageId, 200), {
        value,
        ...(formValue ? { formValue } : {}),
        ...(typeof b.tag === 'string' ? { tag: text(b.tag, 50) } : {}),
        ...(typeof b.name === 'string' ? { name: text(b.name, 100) } : {}),
      });
      return r.toast ? r : { ...r, toast: r.replaced ? undefined : TAP_FAILED };
    },
    tick: () =>
      exclusive('运行定时任务', async () => ({ toast: { type: 'success', content: await tick() } })),
    nextMorning: () =>
      exclusive('调整时间', async () => {
        d.clock.set(d.clock.nextWorkingMorning(d.org.digestTime()));
        clockMoved();
        const ran = await tick();
        return { toast: { type: 'success', content: `沙箱时间已调到 ${clockNote()}。${ran}` } };
      }),
    async setClock(b: Json) {
      const at = new Date(text(b.at, 40));
      if (Number.isNaN(at.getTime())) throw new DriverError(400, '时间格式不对');
      d.clock.set(at);
      clockMoved();
      return { toast: { type: 'info', content: `沙箱时间已调到 ${clockNote()}` } };
    },
    async realTime() {
      d.clock.reset();
      clockMoved();
      return { toast: { type: 'info', content: `沙箱时间已回到当前时间 ${clockNote()}` } };
    },
    reset: () =>
      exclusive('重置', async () => {
        await reset();
        return { toast: { type: 'success', content: '已清空所有数据' } };
      }),
    demo: () =>
      exclusive('生成示例数据', async () => {
        // The demo keeps the day the page stood on: reset would put the clock back to real time.
        const start = d.clock.now();
        await reset();
        d.clock.set(start);
        d.feed.broadcast({ type: 'demo', state: 'running' });
        // The minute cron must not run the past's digests while the demo walks the clock back.
        d.cron?.stop();
        try {
          const report = await buildDemo({
            driver: d.driver,
            lark: d.lark,
            current: (id) => d.feed.current(id),
            org: d.org,
            calendar: d.calendar,
            clock: d.clock,
            commands: d.commands,
            runJobs: async (jobs, at) => {
              await createScheduler({
                jobs,
                store: d.store,
                org: d.org,
                calendar: d.calendar,
                logger: d.logger,
                clock: () => at,
                onQueued: () => d.bot.sender.wake(),
              }).tick(at);
            },
            tick: async (at) => void (await d.bot.scheduler.tick(at)),
          });
          clockMoved();
          d.feed.broadcast({ type: 'demo', state: 'done' });
          const note = report.skipped.length ? `；未包含：${report.skipped.join('；')}` : '';
          return {
            report,
            toast: {
              type: 'success',
              content: `已生成示例数据（${report.done} 步），现在是 ${clockNote()}${note}`,
            },
          };
        } catch (err) {
          d.feed.broadcast({ type: 'demo', state: 'failed', note: (err as Error).message });
          throw err;
        } finally {
          await d.cron?.start();
        }
      }),
  };
}

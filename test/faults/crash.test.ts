import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StepResponse, WorkflowItem } from '../../src/domain/engine/types.ts';
import type { OrgIndex } from '../../src/domain/org.ts';
import { addDays, beijingDate, beijingInstant } from '../../src/domain/time.ts';
import { loadOrg } from '../../src/org-loader.ts';
import { createEventSender } from '../../src/sandbox/event-sender.ts';
import { createSandboxLark, type SandboxLark, type SandboxMessage } from '../../src/sandbox/lark-server.ts';
import { sandboxDirectory } from '../../src/sandbox-directory.ts';
import { createJobs } from '../../src/scheduler/jobs.ts';
import { readCommitted } from '../../src/store/lowdb.ts';
import type { StoreData } from '../../src/store/schema.ts';
import { buttons, cardText } from '../helpers/cards.ts';
import { type ChildBot, freePort, spawnBot, waitHealthy } from '../helpers/faults-child.ts';
import { pick, prng, seedFromEnv } from '../helpers/faults-prng.ts';

// The real bot as a child process (webhook mode) against a sandbox Lark living in this process, so what
// Lark received survives every kill -9. FAULT_SEED=<n> replays a schedule.
const SEED = seedFromEnv(20261126);
const OPS = 520;
const WORKERS = 4;
const KILL_PROBABILITY = 1 / 22;

const ORG_FILE = 'data/org.example.json';
const APP_ID = 'cli_0123456789abcdef';
const APP_SECRET = 'crash-test-secret';
const ENCRYPT_KEY = 'crash-encrypt-key-0123456789';
const VERIFICATION_TOKEN = 'crash-verification-token';
const ADMIN_TOKEN = 'crash-admin-token-0123456789';
const BOT_OPEN_ID = 'ou_crash_bot_000000000000000000000';
const BOT_NAME = '政务督办助手';

type Op =
  | { kind: 'message'; from: string; text: string; killAfterMs?: number }
  | { kind: 'tap'; roll: number; wrongRoll: number; reject: boolean; killAfterMs?: number }
  | { kind: 'tick'; dayOffset: number; killAfterMs?: number };

interface SentMessage {
  eventId: string;
  messageId: string;
  from: string;
  text: string;
  accepted: boolean;
}

interface ConfirmedTap {
  item: string;
  step: string;
  round: number;
  actor: string;
  answer: string;
}

const OTHER_COMMANDS = [
  '/我是谁',
  '/在岗',
  '/帮助',
  '/销假',
  '/出访报告 本次出访收获很多',
  '/请假 2月30日 北京 培训',
  '/请假',
  '/不存在的命令',
  '你好',
];
const CITIES = ['北京', '沈阳', '大连', '上海', '杭州', '广州'];

/** The scripted run: kinds, senders and kill moments come from the seed; tap targets are chosen live. */
function script(org: OrgIndex, today: string): Op[] {
  const rng = prng(SEED);
  const deptPeople = org.departments().flatMap((d) => [d.mainHead, ...d.deputies, ...d.staff]);
  const everyone = org.people().map((p) => p.id);
  const leaveCount = new Map<string, number>();
  const ops: Op[] = [];
  for (let i = 0; i < OPS; i++) {
    const r = rng();
    const killAfterMs = rng() < KILL_PROBABILITY ? Math.floor(rng() * 60) : undefined;
    if (r < 0.35) {
      const from = pick(rng, deptPeople);
      const k = leaveCount.get(from) ?? 0;
      leaveCount.set(from, k + 1);
      // A fresh span per filing: an overlap would be refused (correctly), which is not what is tested.
      const start = addDays(today, 6 + 4 * k);
      const end = addDays(start, Math.floor(rng() * 3));
      const text = `/请假 ${start}至${end} ${pick(rng, CITIES)} 第${k + 1}次公务出差`;
      ops.push({ kind: 'message', from, text, killAfterMs });
    } else if (r < 0.6) {
      ops.push({ kind: 'message', from: pick(rng, everyone), text: pick(rng, OTHER_COMMANDS), killAfterMs });
    } else if (r < 0.95) {
      ops.push({ kind: 'tap', roll: rng(), wrongRoll: rng(), reject: rng() < 0.15, killAfterMs });
    } else {
      ops.push({ kind: 'tick', dayOffset: Math.floor(rng() * 3), killAfterMs });
    }
  }
  return ops;
}

/** The step.decide value of a card still waiting on its recipient, or undefined. */
function openDecision(m: SandboxMessage, content: unknown): Record<string, unknown> | undefined {
  if (m.msgType !== 'interactive' || !m.chatId.startsWith('oc_p2p_')) return undefined;
  const b = buttons(content).find(
    (x) =>
      (x.behaviors as Array<{ value?: { action?: string } }> | undefined)?.[0]?.value?.action ===
      'step.decide',
  );
  return (b?.behaviors as Array<{ value: Record<string, unknown> }> | undefined)?.[0]?.value;
}

describe('kill -9 at random moments during a scripted run of the real bot', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'govbot-crash-'));
  let bot: ChildBot | undefined;
  let lark: SandboxLark | undefined;
  afterAll(async () => {
    await bot?.kill9();
    await lark?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses no confirmed decision and sends nothing twice over ${OPS} operations (seed ${SEED})`, async () => {
    const started = performance.now();
    const dir = sandboxDirectory(ORG_FILE);
    const sandbox = createSandboxLark({
      appId: APP_ID,
      appSecret: APP_SECRET,
      botOpenId: BOT_OPEN_ID,
      botName: BOT_NAME,
      directory: dir.people,
      chats: dir.chats,
    });
    lark = sandbox;
    const larkUrl = await sandbox.listen();
    const byMobile = Object.fromEntries(dir.people.flatMap((p) => (p.mobile ? [[p.mobile, p.openId]] : [])));
    const byEmail = Object.fromEntries(dir.people.flatMap((p) => (p.email ? [[p.email, p.openId]] : [])));
    const { index: org } = await loadOrg(ORG_FILE, async () => ({ byMobile, byEmail }));
    const openId = (id: string) => org.openIdOf(id)!;
    const personOf = (oid: string) => org.personByOpenId(oid)?.id ?? oid;

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      LARK_APP_ID: APP_ID,
      LARK_APP_SECRET: APP_SECRET,
      LARK_TRANSPORT: 'webhook',
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      LARK_DOMAIN: larkUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ORG_FILE,
      ADMIN_TOKEN,
      TZ: 'Asia/Shanghai',
      LOG_LEVEL: 'silent',
    };
    const events = createEventSender({
      eventsUrl: `${url}/lark/events`,
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
      appId: APP_ID,
      botOpenId: BOT_OPEN_ID,
      botName: BOT_NAME,
      lark: sandbox,
      timeoutMs: 10_000,
    });
    const readData = (): StoreData => readCommitted(dataDir);

    // ---- the bot's life: started, killed, restarted; operations wait while it is down.
    let kills = 0;
    const startBot = async () => {
      bot = spawnBot(env);
      await waitHealthy(url, bot);
    };
    let ready: Promise<void> = startBot();
    let restarting = false;
    const crash = () => {
      if (restarting) return;
      restarting = true;
      const victim = bot!;
      ready = (async () => {
        await victim.kill9();
        kills++;
        await startBot();
        restarting = false;
      })();
    };
    await ready;

    // ---- what the bot confirmed, and what its outbox accepted (seen in the data file between operations).
    const sent: SentMessage[] = [];
    const confirmedTaps: ConfirmedTap[] = [];
    const wrongTapsAccepted: string[] = [];
    const confirmedTicks: Array<{ at: string; results: Array<{ job: string; ran: boolean }> }> = [];
    const outboxSeen = new Map<string, string>();
    let lastSnapshot = 0;
    const snapshot = (force = false) => {
      if (!force && performance.now() - lastSnapshot < 100) return;
      lastSnapshot = performance.now();
      try {
        for (const e of readData().outbox) {
          if (e.op === 'send' || e.op === 'reply' || e.op === 'file') outboxSeen.set(e.id, e.op);
        }
      } catch {
        // the file is replaced atomically, but may not exist before the first start finished
      }
    };

    const deliver = async (m: SentMessage) => {
      await ready;
      try {
        const r = await events.sendText({
          from: openId(m.from),
          chatType: 'p2p',
          text: m.text,
          eventId: m.eventId,
          messageId: m.messageId,
        });
        if (r.response.status === 200) m.accepted = true;
      } catch {
        // killed mid-request: Lark would push the same event again, and so do we below
      }
    };

    const today = beijingDate(new Date());
    const ops = script(org, today);
    const opDurations: number[] = [];
    let next = 0;
    const runOp = async (op: Op, i: number) => {
      await ready;
      if (op.killAfterMs !== undefined) setTimeout(crash, op.killAfterMs);
      const t0 = performance.now();
      if (op.kind === 'message') {
        const m: SentMessage = {
          eventId: `ev${SEED}x${i}`,
          messageId: `om_crash_${SEED}_${i}`,
          from: op.from,
          text: op.text,
          accepted: false,
        };
        sent.push(m);
        await deliver(m);
      } else if (op.kind === 'tap') {
        const open = sandbox.messages
          .map((m) => ({ m, value: openDecision(m, sandbox.currentContent(m.messageId)) }))
          .filter((x) => x.value !== undefined);
        if (open.length === 0) return;
        const { m, value } = open[Math.floor(op.roll * open.length)]!;
        const recipient = personOf(m.chatId.slice('oc_p2p_'.length));
        const wrong = op.wrongRoll < 0.1;
        const operator = wrong
          ? pick(
              () => op.wrongRoll * 10,
              org
                .people()
                .map((p) => p.id)
                .filter((p) => p !== recipient),
            )
          : recipient;
        const answer = op.reject ? 'reject' : 'approve';
        try {
          const r = await events.tapCard({
            operator: openId(operator),
            messageId: m.messageId,
            chatId: m.chatId,
            value: { ...value!, answer },
            formValue: { comment: op.reject ? '与区政府常务会议时间冲突' : '' },
          });
          const toast = (r.response.json as { toast?: { type?: string } } | undefined)?.toast;
          if (toast?.type === 'success') {
            if (wrong) wrongTapsAccepted.push(`${operator} on ${String(value!.item)}`);
            confirmedTaps.push({
              item: String(value!.item),
              step: String(value!.step),
              round: Number(value!.round),
              actor: operator,
              answer,
            });
          }
        } catch {
          // killed mid-tap: no toast, so nothing was promised
        }
      } else {
        const at = beijingInstant(addDays(today, op.dayOffset), '09:30').toISOString();
        try {
          const r = await fetch(`${url}/admin/tick`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
            body: JSON.stringify({ at }),
          });
          if (r.status === 200) {
            const body = (await r.json()) as { result: Array<{ job: string; ran: boolean }> };
            confirmedTicks.push({ at, results: body.result });
          }
        } catch {
          // killed mid-tick
        }
      }
      opDurations.push(performance.now() - t0);
      snapshot();
    };
    const worker = async () => {
      while (next < ops.length) {
        const i = next++;
        await runOp(ops[i]!, i);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));

    // Lark re-pushes every event that got no 200; keep at it until each one is acknowledged.
    for (let round = 0; sent.some((m) => !m.accepted); round++) {
      if (round > 20) throw new Error('events still unacknowledged after 20 redeliveries');
      for (const m of sent.filter((x) => !x.accepted)) await deliver(m);
    }
    await ready;
    // One more kill right after the last acknowledgement, then a clean settle.
    snapshot(true);
    crash();
    await ready;
    const settleStart = performance.now();
    for (let calm = 0; calm < 3; ) {
      const h = (await (await fetch(`${url}/healthz`)).json()) as {
        inbox: number;
        outbox: { pending: number; failed: number; inFlight: number };
      };
      calm = h.inbox === 0 && h.outbox.pending === 0 && h.outbox.inFlight === 0 ? calm + 1 : 0;
      if (performance.now() - settleStart > 60_000) throw new Error(`did not settle: ${JSON.stringify(h)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    process.kill(bot!.pid, 'SIGTERM');
    await bot!.exited;
    const data = readData();

    // ---- every confirmed decision is in the data file.
    const lost = confirmedTaps.filter((t) => {
      const item = data.items[t.item] as WorkflowItem | undefined;
      const step = item?.steps.find((s) => s.id === t.step);
      return !step?.responses.some(
        (r: StepResponse) => personOf(r.actor) === t.actor && r.answer === t.answer,
      );
    });
    expect.soft(lost).toEqual([]);
    expect.soft(wrongTapsAccepted).toEqual([]);

    // ---- every accepted message answered exactly once, and every filing it confirmed is stored.
    const repliesTo = new Map<string, SandboxMessage[]>();
    for (const m of sandbox.messages) {
      if (m.replyTo) repliesTo.set(m.replyTo, [...(repliesTo.get(m.replyTo) ?? []), m]);
    }
    const wrongReplyCount = sent
      .map((m) => ({ text: m.text, from: m.from, replies: (repliesTo.get(m.messageId) ?? []).length }))
      .filter((x) => x.replies !== 1);
    expect.soft(wrongReplyCount).toEqual([]);
    const filed = [...repliesTo.values()]
      .flat()
      .flatMap((m) => /已提交请假申请 (Q\d+)/.exec((m.content as { text?: string }).text ?? '')?.[1] ?? []);
    expect.soft(filed.filter((id) => !data.items[id])).toEqual([]);

    // ---- every message the outbox accepted was delivered exactly once (one message per uuid).
    const perUuid = new Map<string, number>();
    for (const m of sandbox.messages) if (m.uuid) perUuid.set(m.uuid, (perUuid.get(m.uuid) ?? 0) + 1);
    const undelivered = [...outboxSeen.keys()].filter((id) => perUuid.get(id) !== 1);
    expect.soft(undelivered).toEqual([]);
    expect.soft(data.outbox.filter((e) => e.status === 'failed')).toEqual([]);
    expect.soft(data.inbox).toEqual([]);

    // ---- no step card sent twice to the same person for the same step and round.
    const cardKeys = new Map<string, number>();
    for (const m of sandbox.messages) {
      const v = openDecision(m, m.content);
      if (!v) continue;
      const key = `${m.chatId}|${String(v.item)}|${String(v.step)}|${String(v.round)}`;
      cardKeys.set(key, (cardKeys.get(key) ?? 0) + 1);
    }
    const duplicateCards = [...cardKeys].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
    expect.soft(duplicateCards).toEqual([]);

    // ---- no card speaks of an item the data file does not hold as shown (an id reused after a crash).
    const phantoms = sandbox.messages.flatMap((m) => {
      const v = openDecision(m, m.content);
      if (!v) return [];
      const item = data.items[String(v.item)];
      const applicant = /\*\*申请人\*\*：([^（\n]+)/.exec(cardText(m.content))?.[1];
      const stored = item && org.person(item.submitter)?.name;
      return stored === applicant ? [] : [`${String(v.item)}: card shows ${applicant}, file has ${stored}`];
    });
    expect.soft(phantoms).toEqual([]);

    // ---- a tick that answered 200 recorded its once-a-day jobs.
    const oncePerDay = new Set(
      createJobs()
        .filter((j) => j.oncePerDay)
        .map((j) => j.name),
    );
    const missingRuns = confirmedTicks.flatMap(({ at, results }) =>
      results
        .filter((r) => r.ran && oncePerDay.has(r.job))
        .map((r) => `${r.job}:${beijingDate(new Date(at))}`)
        .filter((key) => !data.jobRuns[key]),
    );
    expect.soft(missingRuns).toEqual([]);

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const accepted = sent.filter((m) => m.accepted).length;
    console.log(
      `crash run (seed ${SEED}): ${OPS} ops in ${seconds} s, ${kills} kills, ${accepted} messages, ` +
        `${confirmedTaps.length} confirmed taps, ${confirmedTicks.length} ticks, ${outboxSeen.size} outbox sends seen, ` +
        `${sandbox.messages.length} Lark messages, ${Object.keys(data.items).length} items; ` +
        `median op ${opDurations.sort((a, b) => a - b)[Math.floor(opDurations.length / 2)]?.toFixed(0)} ms`,
    );
    expect(kills).toBeGreaterThanOrEqual(10);
  }, 300_000);
});

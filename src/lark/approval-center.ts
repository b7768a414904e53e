import { DEFINITION_KINDS } from '../domain/approval-center/definitions.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/port.ts';
import type { StoreData } from '../store/schema.ts';
import type { ApprovalGateway, CheckEntry } from './approval-gateway.ts';
import { type ApprovalSettings, customCodeOf, definitionBody } from './approval-payload.ts';
import {
  approvalSettingsOf,
  enableApprovalSync,
  enqueueApproval,
  markChecked,
  markDelivered,
  restamp,
} from './approval-records.ts';
import type { ApprovalInstanceRecord, ApprovalOp } from './approval-types.ts';
import { LarkError } from './errors.ts';
import type { ApprovalPerformer } from './sender.ts';

export interface ApprovalCenterOptions {
  store: Store;
  gateway: ApprovalGateway;
  settings: ApprovalSettings;
  logger: Logger;
  /** Wall-clock ms (the outbox's time, not the domain's). */
  now?: () => number;
  /** How long a verified instance stays trusted before the check looks again (the bot's time). */
  recheckMs?: number;
}

/** The Approval Center (三方审批) side of the bot: definitions, the outbox calls, the consistency check. */
export interface ApprovalCenter extends ApprovalPerformer {
  readonly settings: ApprovalSettings;
  /** Turns the sync on for this store and queues an upsert of every definition (idempotent). */
  start(): Promise<void>;
  /** Queues `external_instances/check` calls for what was not verified since it changed, or for an hour. */
  queueChecks(data: StoreData, at: number): number;
  /** The open_id behind a callback's user_id (looked up once, then remembered). */
  openIdOf(userId: string): Promise<string | undefined>;
}

const CHECK_BATCH = 50;
// 20 calls a run, every 5 minutes: some 12,000 instances an hour, the least recently verified first.
const CHECKS_PER_RUN = 1000;

type Entry = ApprovalOp & { id: string };

export function createApprovalCenter(o: ApprovalCenterOptions): ApprovalCenter {
  const now = o.now ?? Date.now;
  // Every instance is looked at again after an hour: a drift nobody caused (an instance deleted in the
  // console) is repaired then. Cheap: 50 instances a call, and the limit is 1,000 calls a minute.
  const recheckMs = o.recheckMs ?? 3600_000;
  const users = new Map<string, string>();
  const record = (data: StoreData, key: string): ApprovalInstanceRecord | undefined =>
    Object.hasOwn(data.approvalInstances, key) ? data.approvalInstances[key] : undefined;

  async function check(keys: string[], asked: number): Promise<void> {
    const data = o.store.data;
    // Only versions the Approval Center confirmed: one still on its way would be a drift by definition.
    const sent = keys
      .map((k) => record(data, k))
      .filter((r) => r && r.delivered === r.at) as ApprovalInstanceRecord[];
    if (sent.length === 0) return;
    const entries: CheckEntry[] = sent.map((r) => ({
      instance_id: r.instanceId,
      update_time: String(r.at),
      tasks: r.tasks.map((t) => ({ task_id: t.id, update_time: String(t.at) })),
    }));
    let answer: CheckEntry[];
    try {
      answer = await o.gateway.check(entries);
    } catch (err) {
      // A check is a question, not a change: one refused for good is dropped (the next run asks again);
      // one that may succeed later is retried by the outbox.
      if (err instanceof LarkError && !err.retryable) {
        o.logger.error(
          { code: err.code, msg: err.msg },
          'external_instances/check refused; asking again later',
        );
        return;
      }
      throw err;
    }
    const diffs = new Map(answer.map((d) => [d.instance_id, d]));
    await o.store.transact((d) => {
      for (const r of sent) {
        const diff = diffs.get(r.instanceId);
        if (!diff) {
          markChecked(d, r.key, r.at, asked);
          continue;
        }
        const theirs = Math.max(
          Number(diff.update_time) || 0,
          ...diff.tasks.map((x) => Number(x.update_time) || 0),
        );
        o.logger.warn(
          { instance: r.instanceId, key: r.key },
          'Approval Center drifted from the bot; syncing again',
        );
        restamp(d, r.key, theirs, now());
      }
    });
  }

  return {
    settings: o.settings,
    async start() {
      await o.store.transact((d) => {
        enableApprovalSync(d, o.settings);
        for (const kind of DEFINITION_KINDS) {
          const body = definitionBody(kind, o.settings);
          const prev = d.approvalDefinitions[kind];
          d.approvalDefinitions[kind] = {
            kind,
            customCode: customCodeOf(o.settings.appId, kind),
            ...(prev?.code ? { code: prev.code } : {}),
          };
          // Every start: the upsert is idempotent, puts back a definition removed in the console, and
          // carries the callback's current URL, token and key.
          enqueueApproval(d, { op: 'approval', call: 'definition', definition: kind, body }, now());
        }
      });
    },
    ready(e: Entry) {
      if (e.call !== 'instance') return true;
      const def = o.store.data.approvalDefinitions[e.definition];
      return Boolean(def?.code);
    },
    async perform(e: Entry) {
      switch (e.call) {
        case 'definition': {
          const code = await o.gateway.upsertDefinition(e.body);
          await o.store.transact((d) => {
            const prev = d.approvalDefinitions[e.definition];
            // The code of the first creation files the instances; a later upsert may answer another one
            // (the docs: keep using yours), so the first one stays.
            d.approvalDefinitions[e.definition] = {
              kind: e.definition,
              customCode: e.body.approval_code,
              code: prev?.code ?? code,
            };
          });
          return;
        }
        case 'instance': {
          const code = o.store.data.approvalDefinitions[e.definition]?.code;
          if (!code) throw new Error(`no approval code for ${e.definition} yet`);
          await o.gateway.syncInstance(code, e.body);
          await o.store.transact((d) => markDelivered(d, e.key, Number(e.body.update_time)));
          return;
        }
        case 'check':
          return check(e.keys, e.at);
      }
    },
    queueChecks(data, t) {
      if (!approvalSettingsOf(data)) return 0;
      if (data.outbox.some((e) => e.op === 'approval' && e.call === 'check' && e.status === 'pending'))
        return 0;
      const due = Object.values(data.approvalInstances)
        .filter((r) => r.delivered === r.at && (r.checked?.at !== r.at || t - r.checked.on > recheckMs))
        .sort((a, b) => (a.checked?.on ?? 0) - (b.checked?.on ?? 0))
        .slice(0, CHECKS_PER_RUN)
        .map((r) => r.key);
      for (let i = 0; i < due.length; i += CHECK_BATCH) {
        enqueueApproval(data, { op: 'approval', call: 'check', keys: due.slice(i, i + CHECK_BATCH), at: t });
      }
      return due.length;
    },
    async openIdOf(userId) {
      const known = users.get(userId);
      if (known) return known;
      const openId = await o.gateway.openIdOf(userId);
      if (openId) users.set(userId, openId);
      return openId;
    },
  };
}

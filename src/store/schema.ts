import type { Inbound } from '../bot/inbound.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import type { ApprovalDefinitionRecord, ApprovalInstanceRecord } from '../lark/approval-types.ts';
import type { OutboxEntry } from '../lark/outbox.ts';
import { SCHEMA_VERSION } from './migrate.ts';

export { SCHEMA_VERSION };

/** A card the bot sent, so that every copy can be patched when its item changes. */
export interface CardRecord {
  itemId: string;
  view: string;
  stepId?: string;
  person?: string;
  /** The recipient was asked as the stand-in of this party (§8 acting, or a recusal). */
  onBehalfOf?: string;
  chat?: string;
  messageId?: string;
  sentAt: string;
  /** A reminder line shown on top while the step still waits on this card's recipient (催办). */
  banner?: string;
  /**
   * The step this card asked its recipient to act on (§8) went to someone else — the absent person came
   * back, or another stand-in took over: the card names who holds it now and shows no buttons.
   */
  handedTo?: string;
  /**
   * Superseded by a fresh card under the record's ref (Feishu can not update a card after 14 days): kept
   * under a ref of its own only so that the old message says so; never patched again.
   */
  retired?: true;
}

/** An accepted event not yet handled: written before Lark is acknowledged, so a crash loses nothing. */
export interface InboxEntry {
  id: string;
  inbound: Inbound;
  receivedAt: number;
}

export interface JobRun {
  job: string;
  date: string;
  at: string;
  late: boolean;
  /** Counted as done without running, e.g. a run missed before the bot's first start (nothing to catch up). */
  skipped?: string;
}

export interface StoreData {
  schemaVersion: number;
  seq: number;
  items: Record<string, WorkflowItem>;
  cards: Record<string, CardRecord>;
  /** event_id / message_id → first seen (ms); kept at least 8 hours, beyond Lark's ~7.1 h retry window. */
  seenEvents: Record<string, number>;
  inbox: InboxEntry[];
  outbox: OutboxEntry[];
  jobRuns: Record<string, JobRun>;
  /** `${item}:${step}:${date}` → when nagged, so nobody is nagged twice a day. */
  nags: Record<string, string>;
  /** Approval Center (三方审批) definitions by kind, and what each external instance was last synced as. */
  approvalDefinitions: Record<string, ApprovalDefinitionRecord>;
  approvalInstances: Record<string, ApprovalInstanceRecord>;
}

export function emptyData(): StoreData {
  return {
    schemaVersion: SCHEMA_VERSION,
    seq: 0,
    items: {},
    cards: {},
    seenEvents: {},
    inbox: [],
    outbox: [],
    jobRuns: {},
    nags: {},
    approvalDefinitions: {},
    approvalInstances: {},
  };
}

/**
 * Checks a snapshot as read from disk and fills collections a file written by an older build may lack;
 * refuses a newer schema. The version is left as the file has it: `migrate` runs after the journal
 * (written by the same build as the snapshot) has been replayed onto it.
 */
export function upgrade(raw: unknown, file: string): StoreData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`数据文件 ${file} 的内容不是对象 (data file is not a JSON object); 文件未被改动`);
  }
  const data = raw as Partial<StoreData>;
  const version = typeof data.schemaVersion === 'number' ? data.schemaVersion : 1;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `数据文件 ${file} 的版本 ${version} 比本程序支持的 ${SCHEMA_VERSION} 新 (written by a newer build); 文件未被改动`,
    );
  }
  return { ...emptyData(), ...data, schemaVersion: version };
}

/** Next id for a kind, e.g. leave → Q-0001; stable, human-quotable, never reused. */
export function nextId(data: StoreData, prefix: string): string {
  data.seq += 1;
  return `${prefix}${String(data.seq).padStart(4, '0')}`;
}

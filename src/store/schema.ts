import type { Inbound } from '../bot/inbound.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import type { ApprovalDefinitionRecord, ApprovalInstanceRecord } from '../lark/approval-types.ts';
import type { OutboxEntry } from '../lark/outbox.ts';

export const SCHEMA_VERSION = 1;

/** A card the bot sent, so that every copy can be patched when its item changes. */
export interface CardRecord {
  itemId: string;
  view: string;
  stepId?: string;
  person?: string;
  chat?: string;
  messageId?: string;
  sentAt: string;
  /** A reminder line shown on top while the step still waits on this card's recipient (催办). */
  banner?: string;
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

/** Fills collections a file written by an older build may lack; refuses a newer schema. */
export function upgrade(raw: unknown, file: string): StoreData {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`数据文件 ${file} 的内容不是对象 (data file is not a JSON object); 文件未被改动`);
  }
  const data = raw as Partial<StoreData>;
  if (typeof data.schemaVersion === 'number' && data.schemaVersion > SCHEMA_VERSION) {
    throw new Error(
      `数据文件 ${file} 的版本 ${data.schemaVersion} 比本程序支持的 ${SCHEMA_VERSION} 新 (written by a newer build); 文件未被改动`,
    );
  }
  return { ...emptyData(), ...data, schemaVersion: SCHEMA_VERSION };
}

/** Next id for a kind, e.g. leave → Q-0001; stable, human-quotable, never reused. */
export function nextId(data: StoreData, prefix: string): string {
  data.seq += 1;
  return `${prefix}${String(data.seq).padStart(4, '0')}`;
}

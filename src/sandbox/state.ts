import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApprovalStore } from './approval-store.ts';
import type { FaultOp } from './faults.ts';
import type { MessageStore } from './message-store.ts';
import type { RateMonitor } from './rate-monitor.ts';
import type {
  CardUpdate,
  DirectoryUser,
  Reply,
  SandboxChat,
  SandboxEvents,
  SandboxFile,
  SandboxLarkOptions,
} from './types.ts';

/** Everything the route handlers share. */
export interface SandboxState {
  opts: SandboxLarkOptions;
  token: string;
  tenantKey: string;
  users: Map<string, DirectoryUser>;
  chats: Map<string, SandboxChat>;
  store: MessageStore;
  files: Map<string, SandboxFile>;
  cardUpdates: CardUpdate[];
  /** card-update token → the message it updates */
  cardTokens: Map<string, string>;
  rate: RateMonitor;
  events: EventEmitter<SandboxEvents>;
  /** The Approval Center (三方审批): definitions and external instances. */
  approvals: ApprovalStore;
}

export interface RouteContext {
  params: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json: Record<string, unknown>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** false only for the token endpoint */
  auth: boolean;
  /** set for the calls that fault injection may break */
  op?: FaultOp;
  run(ctx: RouteContext): Reply;
}

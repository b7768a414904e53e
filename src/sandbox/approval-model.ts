// What the sandbox's Approval Center holds: definitions, and external instances with their tasks and CCs.

export type ActionConfig = { type: string; needReason: boolean; reasonRequired: boolean };

export interface SandboxDefinition {
  code: string;
  customCode: string;
  name: string;
  callback?: { url: string; token?: string; key?: string };
}

export interface SandboxTask {
  id: string;
  openId: string;
  title: string;
  status: string;
  createTime: string;
  endTime: string;
  updateTime: number;
  actions: ActionConfig[];
  actionContext?: string;
  nodeId?: string;
  nodeName?: string;
}

export interface SandboxCc {
  id: string;
  openId: string;
  title: string;
  readStatus: string;
  createTime: string;
  updateTime: number;
}

export interface SandboxInstance {
  id: string;
  code: string;
  status: string;
  title: string;
  form: Array<{ name: string; value: string }>;
  openId?: string;
  userName?: string;
  startTime: string;
  endTime: string;
  updateTime: number;
  link: string;
  tasks: Map<string, SandboxTask>;
  ccs: Map<string, SandboxCc>;
}

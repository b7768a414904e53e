import { randomUUID } from 'node:crypto';
import {
  type Checked,
  isMs,
  isObj,
  type Json,
  linksOf,
  nonEmpty,
  resolve,
  textsOf,
} from './approval-validate.ts';

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

const INSTANCE_STATUS = new Set([
  'PENDING',
  'APPROVED',
  'REJECTED',
  'CANCELED',
  'DELETED',
  'HIDDEN',
  'TERMINATED',
]);
const TASK_STATUS = new Set(['PENDING', 'APPROVED', 'REJECTED', 'TRANSFERRED', 'DONE']);

type Parsed = {
  instance: Omit<SandboxInstance, 'tasks' | 'ccs'>;
  tasks: SandboxTask[];
  ccs: SandboxCc[];
  mode: 'REPLACE' | 'UPDATE';
};

const fail = (msg: string): { ok: false; msg: string } => ({ ok: false, msg });

/**
 * The Approval Center's side of 三方审批 as the sandbox keeps it: definitions (upserted by our code or
 * theirs), external instances with their tasks and CCs, and the update_time rule of an UPDATE — the
 * instance, each task and each CC apply only when strictly newer than what is held; older ones are
 * silently ignored (the answer is still code 0).
 */
export class ApprovalStore {
  readonly definitions = new Map<string, SandboxDefinition>();
  readonly instances = new Map<string, SandboxInstance>();
  private readonly aliases = new Map<string, string>();

  constructor(private readonly knownUser: (openId: string) => boolean) {}

  definition(code: string): SandboxDefinition | undefined {
    const real = this.aliases.get(code) ?? code;
    return this.definitions.get(real);
  }

  upsertDefinition(json: Json): Checked<string> {
    if (
      typeof json.approval_name !== 'string' ||
      !json.approval_name.startsWith('@i18n@') ||
      json.approval_name.length < 9
    )
      return fail('approval_name must be an @i18n@ key of at least 9 characters');
    if (!nonEmpty(json.approval_code) || json.approval_code.length > 128)
      return fail('approval_code is required (at most 128 characters)');
    const ext = json.external;
    if (!isObj(ext)) return fail('external is required');
    if (ext.support_pc !== true && ext.support_mobile !== true)
      return fail('external: support_pc and support_mobile can not both be false');
    for (const f of ['group_name', 'description'] as const) {
      if (json[f] !== undefined && !(typeof json[f] === 'string' && json[f].startsWith('@i18n@')))
        return fail(`${f} must be an @i18n@ key`);
    }
    const texts = textsOf(json.i18n_resources, false);
    if (!texts.ok) return texts;
    const name = resolve(texts.value, json.approval_name, 'approval_name');
    if (!name.ok) return name;
    const url = ext.action_callback_url;
    if (url !== undefined && !(typeof url === 'string' && /^https?:\/\//.test(url)))
      return fail('external.action_callback_url must be a URL');
    const existing = this.definition(json.approval_code);
    const code = existing?.code ?? randomUUID().toUpperCase();
    this.definitions.set(code, {
      code,
      customCode: existing?.customCode ?? json.approval_code,
      name: name.value,
      ...(typeof url === 'string'
        ? {
            callback: {
              url,
              ...(nonEmpty(ext.action_callback_token) ? { token: ext.action_callback_token } : {}),
              ...(nonEmpty(ext.action_callback_key) ? { key: ext.action_callback_key } : {}),
            },
          }
        : {}),
    });
    // The code we chose finds the same definition next time; the answer is the Approval Center's own.
    this.aliases.set(json.approval_code, code);
    return { ok: true, value: code };
  }

  private parse(json: Json): Checked<Parsed> {
    if (!nonEmpty(json.approval_code) || !this.definitions.has(json.approval_code))
      return fail('approval_code: no such definition');
    if (!nonEmpty(json.instance_id)) return fail('instance_id is required');
    if (typeof json.status !== 'string' || !INSTANCE_STATUS.has(json.status))
      return fail('status is invalid');
    for (const f of ['start_time', 'end_time', 'update_time'] as const) {
      if (!isMs(json[f])) return fail(`${f} is required (Unix milliseconds as a string)`);
    }
    const mode = json.update_mode ?? 'REPLACE';
    if (mode !== 'REPLACE' && mode !== 'UPDATE') return fail('update_mode must be REPLACE or UPDATE');
    const texts = textsOf(json.i18n_resources, true);
    if (!texts.ok) return texts;
    const t = texts.value;
    const links = linksOf(json.links, 'instance');
    if (!links.ok) return links;
    const title =
      json.title === undefined ? { ok: true as const, value: '' } : resolve(t, json.title, 'title');
    if (!title.ok) return title;
    const form: Array<{ name: string; value: string }> = [];
    for (const [i, f] of (Array.isArray(json.form) ? json.form : []).entries()) {
      const n = isObj(f) ? resolve(t, f.name, `form[${i}].name`) : fail(`form[${i}]`);
      const v = isObj(f) ? resolve(t, f.value, `form[${i}].value`) : fail(`form[${i}]`);
      if (!n.ok) return n;
      if (!v.ok) return v;
      form.push({ name: n.value, value: v.value });
    }
    const openId = nonEmpty(json.open_id) ? json.open_id : undefined;
    if (openId && !this.knownUser(openId)) return fail(`open_id ${openId}: no such user`);
    const userName = json.user_name === undefined ? undefined : resolve(t, json.user_name, 'user_name');
    if (userName && !userName.ok) return userName;
    if (!openId && !nonEmpty(json.user_id) && !userName) return fail('open_id or user_id is required');
    const ids = new Set([json.instance_id]);
    const tasks: SandboxTask[] = [];
    const list = json.task_list ?? [];
    if (!Array.isArray(list) || list.length > 200) return fail('task_list: at most 200');
    for (const [i, x] of list.entries()) {
      const task = this.parseTask(x, i, t, ids);
      if (!task.ok) return task;
      tasks.push(task.value);
    }
    const ccs: SandboxCc[] = [];
    const ccList = json.cc_list ?? [];
    if (!Array.isArray(ccList) || ccList.length > 200) return fail('cc_list: at most 200');
    for (const [i, x] of ccList.entries()) {
      const f = `cc_list[${i}]`;
      if (!isObj(x) || !nonEmpty(x.cc_id)) return fail(`${f}.cc_id is required`);
      if (ids.has(x.cc_id)) return fail(`${f}.cc_id ${x.cc_id} repeats an id of this instance`);
      ids.add(x.cc_id);
      if (!nonEmpty(x.open_id) || !this.knownUser(x.open_id)) return fail(`${f}.open_id: no such user`);
      const l = linksOf(x.links, f);
      if (!l.ok) return l;
      if (x.read_status !== 'READ' && x.read_status !== 'UNREAD') return fail(`${f}.read_status is required`);
      if (!isMs(x.create_time) || !isMs(x.update_time))
        return fail(`${f}: create_time and update_time are required`);
      const title =
        x.title === undefined ? { ok: true as const, value: '' } : resolve(t, x.title, `${f}.title`);
      if (!title.ok) return title;
      ccs.push({
        id: x.cc_id,
        openId: x.open_id,
        title: title.value,
        readStatus: x.read_status,
        createTime: x.create_time,
        updateTime: Number(x.update_time),
      });
    }
    return {
      ok: true,
      value: {
        mode,
        instance: {
          id: json.instance_id,
          code: json.approval_code,
          status: json.status,
          title: title.value,
          form,
          ...(openId ? { openId } : {}),
          ...(userName?.ok ? { userName: userName.value } : {}),
          startTime: json.start_time as string,
          endTime: json.end_time as string,
          updateTime: Number(json.update_time),
          link: links.value.pc,
        },
        tasks,
        ccs,
      },
    };
  }

  private parseTask(x: unknown, i: number, t: Map<string, string>, ids: Set<string>): Checked<SandboxTask> {
    const f = `task_list[${i}]`;
    if (!isObj(x) || !nonEmpty(x.task_id)) return fail(`${f}.task_id is required`);
    if (ids.has(x.task_id)) return fail(`${f}.task_id ${x.task_id} repeats an id of this instance`);
    ids.add(x.task_id);
    if (!nonEmpty(x.open_id) && !nonEmpty(x.user_id)) return fail(`${f}: open_id or user_id is required`);
    if (nonEmpty(x.open_id) && !this.knownUser(x.open_id)) return fail(`${f}.open_id: no such user`);
    const l = linksOf(x.links, f);
    if (!l.ok) return l;
    if (typeof x.status !== 'string' || !TASK_STATUS.has(x.status)) return fail(`${f}.status is invalid`);
    if (!isMs(x.create_time) || !isMs(x.end_time)) return fail(`${f}: create_time and end_time are required`);
    if (x.update_time !== undefined && !isMs(x.update_time))
      return fail(`${f}.update_time must be Unix milliseconds`);
    const title =
      x.title === undefined ? { ok: true as const, value: '' } : resolve(t, x.title, `${f}.title`);
    if (!title.ok) return title;
    // node_name is an @i18n@ key like every displayed text (a plain name is refused).
    const node = x.node_name === undefined ? undefined : resolve(t, x.node_name, `${f}.node_name`);
    if (node && !node.ok) return node;
    const actions: ActionConfig[] = [];
    for (const a of Array.isArray(x.action_configs) ? x.action_configs : []) {
      if (!isObj(a) || !nonEmpty(a.action_type)) return fail(`${f}.action_configs: action_type is required`);
      actions.push({
        type: a.action_type,
        needReason: a.is_need_reason === true,
        reasonRequired: a.is_reason_required === true,
      });
    }
    return {
      ok: true,
      value: {
        id: x.task_id,
        openId: String(x.open_id ?? ''),
        title: title.value,
        status: x.status,
        createTime: x.create_time,
        endTime: x.end_time,
        updateTime: Number(x.update_time ?? 0),
        actions,
        ...(nonEmpty(x.action_context) ? { actionContext: x.action_context } : {}),
        ...(nonEmpty(x.node_id) ? { nodeId: x.node_id } : {}),
        ...(node?.ok ? { nodeName: node.value } : {}),
      },
    };
  }

  /** external_instances: REPLACE takes the body as the whole truth; UPDATE applies what is newer. */
  sync(json: Json): Checked<SandboxInstance> {
    const p = this.parse(json);
    if (!p.ok) return p;
    const { instance, tasks, ccs, mode } = p.value;
    const held = this.instances.get(instance.id);
    if (!held || mode === 'REPLACE') {
      const fresh = {
        ...instance,
        tasks: new Map(tasks.map((x) => [x.id, x])),
        ccs: new Map(ccs.map((x) => [x.id, x])),
      };
      this.instances.set(instance.id, fresh);
      return { ok: true, value: fresh };
    }
    if (instance.updateTime > held.updateTime) {
      // approval_code, instance_id and the submitter can not be changed by an update.
      Object.assign(held, { ...instance, code: held.code, openId: held.openId, userName: held.userName });
    }
    for (const x of tasks) {
      const old = held.tasks.get(x.id);
      if (!old) held.tasks.set(x.id, x);
      else if (x.updateTime > old.updateTime) {
        // task_id, the user, create_time, node_id and node_name are fixed once the task exists.
        held.tasks.set(x.id, {
          ...x,
          openId: old.openId,
          createTime: old.createTime,
          nodeId: old.nodeId,
          nodeName: old.nodeName,
        });
      }
    }
    for (const x of ccs) {
      const old = held.ccs.get(x.id);
      if (!old) held.ccs.set(x.id, x);
      else if (x.updateTime > old.updateTime)
        held.ccs.set(x.id, { ...x, openId: old.openId, createTime: old.createTime });
    }
    return { ok: true, value: held };
  }

  /**
   * external_instances/check, as its FAQ describes it: a missing instance answers update_time "0" and no
   * tasks; a missing task "0"; a task or instance whose time is not the latest, the latest.
   */
  check(json: Json): Checked<Json[]> {
    if (!Array.isArray(json.instances)) return fail('instances is required');
    const diffs: Json[] = [];
    for (const [i, x] of json.instances.entries()) {
      if (!isObj(x) || !nonEmpty(x.instance_id) || !isMs(x.update_time) || !Array.isArray(x.tasks))
        return fail(`instances[${i}]: instance_id, update_time and tasks are required`);
      const held = this.instances.get(x.instance_id);
      if (!held) {
        diffs.push({ instance_id: x.instance_id, update_time: '0', tasks: [] });
        continue;
      }
      const tasks: Json[] = [];
      for (const t of x.tasks) {
        if (!isObj(t) || !nonEmpty(t.task_id) || !isMs(t.update_time))
          return fail(`instances[${i}].tasks: task_id and update_time are required`);
        const h = held.tasks.get(t.task_id);
        if (!h) tasks.push({ task_id: t.task_id, update_time: '0' });
        else if (String(h.updateTime) !== t.update_time)
          tasks.push({ task_id: t.task_id, update_time: String(h.updateTime) });
      }
      if (tasks.length > 0 || String(held.updateTime) !== x.update_time) {
        diffs.push({ instance_id: x.instance_id, update_time: String(held.updateTime), tasks });
      }
    }
    return { ok: true, value: diffs };
  }

  reset(): void {
    this.instances.clear();
  }
}

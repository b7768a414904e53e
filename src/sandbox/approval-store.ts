import { randomUUID } from 'node:crypto';
import type { SandboxDefinition, SandboxInstance } from './approval-model.ts';
import { parseInstance } from './approval-parse.ts';
import {
  type Checked,
  fail,
  isMs,
  isObj,
  type Json,
  nonEmpty,
  resolve,
  textsOf,
} from './approval-validate.ts';

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

  /** external_instances: REPLACE takes the body as the whole truth; UPDATE applies what is newer. */
  sync(json: Json): Checked<SandboxInstance> {
    const p = parseInstance(json, {
      definition: (code) => this.definitions.has(code),
      user: (openId) => this.knownUser(openId),
    });
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

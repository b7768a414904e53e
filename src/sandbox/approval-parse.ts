import type { ActionConfig, SandboxCc, SandboxInstance, SandboxTask } from './approval-model.ts';
import {
  type Checked,
  fail,
  isMs,
  isObj,
  type Json,
  linksOf,
  nonEmpty,
  resolve,
  textsOf,
} from './approval-validate.ts';

/** What a body may name: a definition the Approval Center has, a user of the tenant. */
export interface Known {
  definition(code: string): boolean;
  user(openId: string): boolean;
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

export type Parsed = {
  instance: Omit<SandboxInstance, 'tasks' | 'ccs'>;
  tasks: SandboxTask[];
  ccs: SandboxCc[];
  mode: 'REPLACE' | 'UPDATE';
};

/** A sync body checked field by field; every displayed text resolved through i18n_resources. */
export function parseInstance(json: Json, known: Known): Checked<Parsed> {
  if (!nonEmpty(json.approval_code) || !known.definition(json.approval_code))
    return fail('approval_code: no such definition');
  if (!nonEmpty(json.instance_id)) return fail('instance_id is required');
  if (typeof json.status !== 'string' || !INSTANCE_STATUS.has(json.status)) return fail('status is invalid');
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
  const title = json.title === undefined ? { ok: true as const, value: '' } : resolve(t, json.title, 'title');
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
  if (openId && !known.user(openId)) return fail(`open_id ${openId}: no such user`);
  const userName = json.user_name === undefined ? undefined : resolve(t, json.user_name, 'user_name');
  if (userName && !userName.ok) return userName;
  if (!openId && !nonEmpty(json.user_id) && !userName) return fail('open_id or user_id is required');
  const ids = new Set([json.instance_id]);
  const tasks: SandboxTask[] = [];
  const list = json.task_list ?? [];
  if (!Array.isArray(list) || list.length > 200) return fail('task_list: at most 200');
  for (const [i, x] of list.entries()) {
    const task = parseTask(x, i, t, ids, known);
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
    if (!nonEmpty(x.open_id) || !known.user(x.open_id)) return fail(`${f}.open_id: no such user`);
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

function parseTask(
  x: unknown,
  i: number,
  t: Map<string, string>,
  ids: Set<string>,
  known: Known,
): Checked<SandboxTask> {
  const f = `task_list[${i}]`;
  if (!isObj(x) || !nonEmpty(x.task_id)) return fail(`${f}.task_id is required`);
  if (ids.has(x.task_id)) return fail(`${f}.task_id ${x.task_id} repeats an id of this instance`);
  ids.add(x.task_id);
  if (!nonEmpty(x.open_id) && !nonEmpty(x.user_id)) return fail(`${f}: open_id or user_id is required`);
  if (nonEmpty(x.open_id) && !known.user(x.open_id)) return fail(`${f}.open_id: no such user`);
  const l = linksOf(x.links, f);
  if (!l.ok) return l;
  if (typeof x.status !== 'string' || !TASK_STATUS.has(x.status)) return fail(`${f}.status is invalid`);
  if (!isMs(x.create_time) || !isMs(x.end_time)) return fail(`${f}: create_time and end_time are required`);
  if (x.update_time !== undefined && !isMs(x.update_time))
    return fail(`${f}.update_time must be Unix milliseconds`);
  const title = x.title === undefined ? { ok: true as const, value: '' } : resolve(t, x.title, `${f}.title`);
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

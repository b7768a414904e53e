import { DEFINITIONS, GROUP_NAME } from '../domain/approval-center/definitions.ts';
import type { DefinitionKind } from '../domain/approval-center/types.ts';
import type {
  ApprovalInstanceRecord,
  DefinitionBody,
  I18nResource,
  InstanceBody,
  Link,
  TaskBody,
} from './approval-types.ts';

/** What the bot was configured with: where links lead and whether the quick approval calls back. */
export interface ApprovalSettings {
  appId: string;
  /** Where every link of the Approval Center leads: the bot's chat (applink). */
  link: string;
  callback?: { url: string; token: string; key?: string };
}

/** The applink that opens a bot's chat (AppLink 协议: 打开机器人会话, client/bot/open?appId=…). */
export function botApplink(appId: string, domain: string | undefined): string {
  const host = domain?.includes('larksuite') ? 'applink.larksuite.com' : 'applink.feishu.cn';
  return `https://${host}/client/bot/open?appId=${encodeURIComponent(appId)}`;
}

/** Our code for a definition: the upsert key, stable per app (128 characters at most). */
export const customCodeOf = (appId: string, kind: DefinitionKind): string => `${appId}-${kind}`.slice(0, 128);

const ms = (iso: string | undefined): string => (iso ? String(Date.parse(iso)) : '0');

class Texts {
  readonly zh: Array<{ key: string; value: string }> = [];
  readonly en: Array<{ key: string; value: string }> = [];
  /** An @i18n@ key for a text (the Approval Center resolves every displayed text through one). */
  add(key: string, zh: string, en?: string): string {
    const k = `@i18n@${key}`;
    this.zh.push({ key: k, value: zh });
    if (en !== undefined) this.en.push({ key: k, value: en });
    return k;
  }
  resources(): I18nResource[] {
    const zh: I18nResource = { locale: 'zh-CN', is_default: true, texts: this.zh };
    return this.en.length > 0 ? [zh, { locale: 'en-US', is_default: false, texts: this.en }] : [zh];
  }
}

/**
 * A definition, with every switch given: the upsert resets what it is not told (a definition updated
 * without `enable_quick_operate` loses it). It opens the bot's chat from the 发起审批 page.
 */
export function definitionBody(kind: DefinitionKind, s: ApprovalSettings): DefinitionBody {
  const t = new Texts();
  const d = DEFINITIONS[kind];
  const cb = s.callback;
  return {
    approval_name: t.add(`name_${kind}`, d.name, d.nameEn),
    approval_code: customCodeOf(s.appId, kind),
    group_code: 'gov_supervision_bot',
    group_name: t.add('group_name', GROUP_NAME.zh, GROUP_NAME.en),
    description: t.add(`desc_${kind}`, d.description, d.descriptionEn),
    external: {
      biz_name: t.add('biz_name', '政务督办助手', 'Governance bot'),
      biz_type: kind,
      create_link_pc: s.link,
      create_link_mobile: s.link,
      support_pc: true,
      support_mobile: true,
      support_batch_read: false,
      enable_mark_readed: false,
      enable_quick_operate: Boolean(cb),
      allow_batch_operate: false,
      exclude_efficiency_statistics: false,
      ...(cb
        ? {
            action_callback_url: cb.url,
            action_callback_token: cb.token,
            ...(cb.key ? { action_callback_key: cb.key } : {}),
          }
        : {}),
    },
    viewers: [{ viewer_type: 'TENANT' }],
    i18n_resources: t.resources(),
  };
}

const COMPLETE: Record<string, string> = { APPROVED: 'approved', REJECTED: 'rejected', DONE: 'others' };

/**
 * The body of an UPDATE: the instance itself and every task and CC that changed since the version the
 * Approval Center confirmed. Each carries its own update_time, so repeating it changes nothing there.
 */
export function instanceBody(r: ApprovalInstanceRecord, s: ApprovalSettings): InstanceBody {
  const t = new Texts();
  const links: Link = { pc_link: s.link, mobile_link: s.link };
  const quick = Boolean(s.callback);
  const tasks: TaskBody[] = r.tasks.flatMap((task, i) => {
    if (task.at <= r.delivered) return [];
    const pending = task.status === 'PENDING';
    return [
      {
        task_id: task.id,
        open_id: task.openId,
        title: t.add(`task_${i}`, task.title),
        links,
        status: task.status,
        ...(pending ? {} : { extra: JSON.stringify({ complete_reason: COMPLETE[task.status] }) }),
        create_time: ms(task.createdAt),
        end_time: pending ? '0' : ms(task.endedAt),
        update_time: String(task.at),
        action_context: r.key,
        ...(pending && quick && task.actions.length > 0
          ? {
              action_configs: task.actions.map((a) =>
                // A no needs its reason (RULES: a rejection says why); a yes may carry an opinion.
                a === 'REJECT'
                  ? { action_type: a, is_need_reason: true, is_reason_required: true }
                  : { action_type: a, is_need_reason: false },
              ),
            }
          : {}),
        node_id: task.stepId,
        node_name: t.add(`node_${i}`, task.nodeName),
      },
    ];
  });
  const ccs = r.ccs.flatMap((c, i) =>
    c.at <= r.delivered
      ? []
      : [
          {
            cc_id: c.id,
            open_id: c.openId,
            links,
            read_status: 'UNREAD' as const,
            title: t.add(`cc_${i}`, c.title),
            create_time: ms(c.createdAt),
            update_time: String(c.at),
          },
        ],
  );
  return {
    status: r.status,
    instance_id: r.instanceId,
    links,
    title: t.add('title', r.title),
    form: r.lines.map((l, i) => ({
      name: t.add(`line_${i}`, l.label, l.labelEn),
      value: t.add(`value_${i}`, l.value),
    })),
    ...(r.submitterOpenId
      ? { open_id: r.submitterOpenId }
      : { user_name: t.add('user_name', r.submitterName) }),
    start_time: ms(r.startedAt),
    end_time: r.status === 'PENDING' ? '0' : ms(r.endedAt),
    update_time: String(r.at),
    update_mode: 'UPDATE',
    task_list: tasks,
    cc_list: ccs,
    i18n_resources: t.resources(),
  };
}

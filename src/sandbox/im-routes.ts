import { stringList, stringOr } from './http-io.ts';
import {
  checkUuid,
  invalidParam,
  isReceiveIdType,
  membersOf,
  p2pUserOf,
  parseContent,
  resolveTarget,
  unknownMessage,
} from './message-rules.ts';
import type { NewMessage } from './message-store.ts';
import type { RateTargetKind } from './rate-monitor.ts';
import type { Route, RouteContext, SandboxState } from './state.ts';
import { larkError, ok, type Reply, type SandboxMessage } from './types.ts';

const CARD_UPDATE_WINDOW_MS = 14 * 24 * 3600_000;

const MESSAGE = '([A-Za-z0-9_-]+)';

export function imRoutes(state: SandboxState): Route[] {
  return [
    { method: 'POST', pattern: /^\/open-apis\/im\/v1\/messages$/, auth: true, op: 'create', run: create },
    {
      method: 'POST',
      pattern: new RegExp(`^/open-apis/im/v1/messages/${MESSAGE}/reply$`),
      auth: true,
      op: 'reply',
      run: reply,
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/open-apis/im/v1/messages/${MESSAGE}$`),
      auth: true,
      op: 'patch',
      run: patch,
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/open-apis/im/v1/messages/${MESSAGE}/urgent_app$`),
      auth: true,
      op: 'urgent',
      run: urgent,
    },
  ];

  function create({ query, json }: RouteContext): Reply {
    const receiveIdType = query.get('receive_id_type');
    if (!isReceiveIdType(receiveIdType))
      return invalidParam('receive_id_type must be open_id, chat_id or email');
    const receiveId = stringOr(json.receive_id);
    if (!receiveId) return invalidParam('receive_id');
    const target = resolveTarget(state, receiveIdType, receiveId);
    if (!target.ok) return target.reply;
    return send(json, { chatId: target.value.chatId, receiveIdType, receiveId });
  }

  function reply({ params, json }: RouteContext): Reply {
    const original = state.store.any(params[0] ?? '');
    if (!original) return unknownMessage(params[0] ?? '');
    return send(json, { chatId: original.chatId, replyTo: original.messageId });
  }

  function send(
    json: Record<string, unknown>,
    where: Pick<NewMessage, 'chatId' | 'receiveIdType' | 'receiveId' | 'replyTo'>,
  ): Reply {
    const content = parseContent(json.msg_type, json.content);
    if (!content.ok) return content.reply;
    const uuid = checkUuid(json.uuid);
    if (!uuid.ok) return uuid.reply;
    const earlier = state.store.hitUuid(uuid.value);
    if (earlier) return ok(messageData(earlier));
    const message = state.store.add({ ...where, ...content.value, uuid: uuid.value });
    message.sentAt = (state.opts.clock?.() ?? new Date()).getTime();
    recordRate(message);
    state.events.emit('message', message);
    return ok(messageData(message));
  }

  function patch({ params, json }: RouteContext): Reply {
    const message = state.store.get(params[0] ?? '');
    if (!message) return unknownMessage(params[0] ?? '');
    if (message.msgType !== 'interactive') {
      return larkError(400, 230001, 'Only interactive (card) messages can be patched.');
    }
    // Feishu: only messages sent within the last 14 days can be updated (error 230031).
    const now = (state.opts.clock?.() ?? new Date()).getTime();
    if (message.sentAt !== undefined && now - message.sentAt > CARD_UPDATE_WINDOW_MS) {
      return larkError(400, 230031, 'The message was sent more than 14 days ago and can not be updated.');
    }
    const content = parseContent('interactive', json.content);
    if (!content.ok) return content.reply;
    const at = Date.now();
    message.patches.push({ content: content.value.content, at });
    state.events.emit('patch', { messageId: message.messageId, content: content.value.content, at });
    return ok({});
  }

  function urgent({ params, query, json }: RouteContext): Reply {
    const message = state.store.get(params[0] ?? '');
    if (!message) return unknownMessage(params[0] ?? '');
    if (query.get('user_id_type') !== 'open_id') return invalidParam('user_id_type must be open_id');
    const members = new Set(membersOf(state, message.chatId));
    const requested = stringList(json.user_id_list);
    const valid = requested.filter((id) => members.has(id));
    if (valid.length === 0) return larkError(400, 230001, 'invalid user_id_list: no valid user in the chat');
    message.urgent.push(valid);
    state.events.emit('urgent', { messageId: message.messageId, userIds: valid, at: Date.now() });
    return ok({ invalid_user_id_list: requested.filter((id) => !members.has(id)) });
  }

  function recordRate(message: SandboxMessage): void {
    const targets: Array<{ kind: RateTargetKind; id: string }> = [
      { kind: 'chat', id: message.chatId },
      { kind: 'app', id: state.opts.appId },
    ];
    const user = p2pUserOf(message.chatId);
    if (user) targets.push({ kind: 'user', id: user });
    state.rate.record(targets, message.createdAt);
  }

  function messageData(message: SandboxMessage): Record<string, unknown> {
    const time = String(message.createdAt);
    return {
      message_id: message.messageId,
      ...(message.replyTo ? { root_id: state.store.rootIdOf(message), parent_id: message.replyTo } : {}),
      msg_type: message.msgType,
      create_time: time,
      update_time: time,
      deleted: false,
      updated: false,
      chat_id: message.chatId,
      sender: { id: state.opts.appId, id_type: 'app_id', sender_type: 'app', tenant_key: state.tenantKey },
      body: { content: JSON.stringify(message.content) },
    };
  }
}

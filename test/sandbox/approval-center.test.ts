import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userIdOf } from '../../src/sandbox/ids.ts';
import { createSandboxLark, type SandboxLark } from '../../src/sandbox/lark-server.ts';
import { APP, sdkClient } from './support.ts';

let sandbox: SandboxLark;
let client: lark.Client;
beforeEach(async () => {
  sandbox = createSandboxLark(APP);
  client = sdkClient(await sandbox.listen());
});
afterEach(() => sandbox.close());

type Json = Record<string, unknown>;
const texts = (pairs: Record<string, string>) => [
  {
    locale: 'zh-CN' as const,
    is_default: true,
    texts: Object.entries(pairs).map(([key, value]) => ({ key, value })),
  },
];
const LINK = { pc_link: 'https://applink.feishu.cn/client/bot/open?appId=cli_a1b2c3d4e5f60718' };

const definition = (over: Json = {}) => ({
  approval_name: '@i18n@name_leave',
  approval_code: 'cli_a1b2c3d4e5f60718-leave',
  external: {
    support_pc: true,
    support_mobile: true,
    action_callback_url: 'http://127.0.0.1:1/cb',
    action_callback_token: 'token-0123456789abcdef',
  },
  i18n_resources: texts({ '@i18n@name_leave': '请假/离阜报备' }),
  ...over,
});

/** Calls the SDK and returns the Lark answer (code and msg), whether it resolved or threw. */
async function answer(p: Promise<{ code?: number; msg?: string; data?: unknown }>) {
  try {
    return await p;
  } catch (err) {
    return (err as { response?: { data?: { code?: number; msg?: string } } }).response?.data ?? { code: -1 };
  }
}

async function createDefinition(): Promise<string> {
  const r = await client.approval.v4.externalApproval.create({ data: definition() });
  return r.data!.approval_code;
}

function instance(code: string, over: Json = {}, task: Json = {}, cc: Json = {}) {
  return {
    approval_code: code,
    instance_id: 'Q0001-abc',
    status: 'PENDING' as const,
    links: LINK,
    title: '@i18n@title',
    form: [{ name: '@i18n@k', value: '@i18n@v' }],
    open_id: 'ou_alice',
    start_time: '1000',
    end_time: '0',
    update_time: '100',
    update_mode: 'UPDATE' as const,
    task_list: [
      {
        task_id: 't1',
        open_id: 'ou_bob',
        title: '@i18n@task',
        links: LINK,
        status: 'PENDING' as const,
        create_time: '1000',
        end_time: '0',
        update_time: '100',
        node_id: 's1',
        node_name: '@i18n@node',
        action_context: 'Q0001',
        action_configs: [
          { action_type: 'APPROVE' },
          { action_type: 'REJECT', is_need_reason: true, is_reason_required: true },
        ],
        ...task,
      },
    ],
    cc_list: [
      {
        cc_id: 'cc-1',
        open_id: 'ou_alice',
        links: LINK,
        read_status: 'UNREAD' as const,
        title: '@i18n@title',
        create_time: '1000',
        update_time: '100',
        ...cc,
      },
    ],
    i18n_resources: texts({
      '@i18n@title': '张三 离阜外出',
      '@i18n@k': '时间',
      '@i18n@v': '12月1日',
      '@i18n@task': '分管副区长审批',
      '@i18n@node': '分管副区长审批',
    }),
    ...over,
  };
}

const sync = (body: unknown) => answer(client.approval.v4.externalInstance.create({ data: body as never }));

describe('external approvals (definitions)', () => {
  it('answers its own code; our code finds the same definition again (an idempotent upsert)', async () => {
    const code = await createDefinition();
    expect(code).toMatch(/^[0-9A-F-]{36}$/);
    expect(await createDefinition()).toBe(code);
    const byReal = await client.approval.v4.externalApproval.create({
      data: definition({ approval_code: code }),
    });
    expect(byReal.data?.approval_code).toBe(code);
    expect(sandbox.approvals.definitions.size).toBe(1);
  });

  it.each([
    ['approval_name not an @i18n@ key', { approval_name: '请假' }],
    ['approval_name shorter than 9', { approval_name: '@i18n@a' }],
    ['approval_name not in i18n_resources', { approval_name: '@i18n@missing' }],
    ['no approval_code', { approval_code: '' }],
    ['neither PC nor mobile', { external: { support_pc: false, support_mobile: false } }],
  ])('refuses %s with 1390001', async (_why, over) => {
    const r = await answer(client.approval.v4.externalApproval.create({ data: definition(over) as never }));
    expect(r.code).toBe(1390001);
    expect(sandbox.approvals.definitions.size).toBe(0);
  });
});

describe('external instances: required fields', () => {
  it.each([
    ['an unknown approval_code', (c: string) => instance(`${c}x`)],
    ['no update_time', (c: string) => instance(c, { update_time: undefined })],
    ['no links', (c: string) => instance(c, { links: {} })],
    ['a title that is plain text', (c: string) => instance(c, { title: '张三 离阜外出' })],
    ['no i18n_resources', (c: string) => instance(c, { i18n_resources: [] })],
    ['a task without a user', (c: string) => instance(c, {}, { open_id: undefined })],
    ['a task with an unknown user', (c: string) => instance(c, {}, { open_id: 'ou_nobody' })],
    ['a task without end_time', (c: string) => instance(c, {}, { end_time: undefined })],
    ['a node_name that is plain text', (c: string) => instance(c, {}, { node_name: '分管副区长审批' })],
    ['a task id that repeats the cc id', (c: string) => instance(c, {}, { task_id: 'cc-1' })],
    ['a CC without read_status', (c: string) => instance(c, {}, {}, { read_status: undefined })],
  ])('refuses %s with 1390001 and keeps nothing', async (_why, body) => {
    const code = await createDefinition();
    const r = await sync(body(code));
    expect(r.code).toBe(1390001);
    expect(sandbox.approvals.instances.size).toBe(0);
  });

  it('takes a full body: the texts resolved, the tasks and CCs in each person’s lists', async () => {
    const code = await createDefinition();
    expect((await sync(instance(code))).code).toBe(0);
    const bob = sandbox.approvalCenterOf('ou_bob');
    expect(bob.todo).toHaveLength(1);
    expect(bob.todo[0]).toMatchObject({
      definition: '请假/离阜报备',
      title: '张三 离阜外出',
      form: [{ name: '时间', value: '12月1日' }],
      task: { id: 't1', title: '分管副区长审批', status: 'PENDING' },
    });
    const alice = sandbox.approvalCenterOf('ou_alice');
    expect(alice.started).toHaveLength(1);
    expect(alice.cc).toHaveLength(1);
  });
});

describe('external instances: UPDATE applies only what is strictly newer, each part on its own', () => {
  it('an older or equal update_time changes nothing and still answers 0; a newer task applies under an older instance', async () => {
    const code = await createDefinition();
    await sync(instance(code));
    // Older instance, older task: both ignored, code 0.
    const older = await sync(
      instance(code, { status: 'APPROVED', update_time: '90' }, { status: 'APPROVED', update_time: '90' }),
    );
    expect(older.code).toBe(0);
    let held = sandbox.approvals.instances.get('Q0001-abc')!;
    expect([held.status, held.tasks.get('t1')!.status]).toEqual(['PENDING', 'PENDING']);
    // Equal times: ignored too.
    await sync(instance(code, { status: 'APPROVED' }, { status: 'APPROVED' }));
    expect(held.tasks.get('t1')!.status).toBe('PENDING');
    // A newer task under an older instance time: the task applies, the instance does not.
    await sync(
      instance(
        code,
        { status: 'REJECTED', update_time: '50' },
        { status: 'APPROVED', end_time: '2000', update_time: '200' },
      ),
    );
    held = sandbox.approvals.instances.get('Q0001-abc')!;
    expect([held.status, held.tasks.get('t1')!.status]).toEqual(['PENDING', 'APPROVED']);
    // The task's user and node can not be changed by an update.
    await sync(
      instance(
        code,
        {},
        { open_id: 'ou_alice', node_name: '@i18n@title', status: 'DONE', update_time: '300' },
      ),
    );
    expect(held.tasks.get('t1')).toMatchObject({
      openId: 'ou_bob',
      nodeName: '分管副区长审批',
      status: 'DONE',
    });
    // CCs likewise: an older one is ignored, a newer one applies.
    await sync(instance(code, {}, { update_time: '300' }, { read_status: 'READ', update_time: '50' }));
    expect(held.ccs.get('cc-1')!.readStatus).toBe('UNREAD');
    await sync(instance(code, {}, { update_time: '300' }, { read_status: 'READ', update_time: '150' }));
    expect(held.ccs.get('cc-1')!.readStatus).toBe('READ');
    // A new task is added whatever its time; nothing is removed.
    await sync(instance(code, {}, { task_id: 't2', update_time: '1' }));
    expect([...held.tasks.keys()]).toEqual(['t1', 't2']);
  });

  it('REPLACE takes the body as the whole truth, times unchecked', async () => {
    const code = await createDefinition();
    await sync(instance(code, { update_time: '500' }));
    await sync(
      instance(
        code,
        { update_mode: 'REPLACE', update_time: '1', cc_list: [], status: 'CANCELED' },
        { task_id: 't9' },
      ),
    );
    const held = sandbox.approvals.instances.get('Q0001-abc')!;
    expect(held.status).toBe('CANCELED');
    expect([...held.tasks.keys()]).toEqual(['t9']);
    expect(held.ccs.size).toBe(0);
  });
});

describe('external_instances/check', () => {
  it('answers what differs: a missing instance "0", a missing task "0", a task behind, an instance behind', async () => {
    const code = await createDefinition();
    await sync(instance(code));
    const check = (instances: unknown) =>
      client.approval.v4.externalInstance.check({ data: { instances: instances as never } });
    const same = await check([
      { instance_id: 'Q0001-abc', update_time: '100', tasks: [{ task_id: 't1', update_time: '100' }] },
    ]);
    expect(same.data?.diff_instances).toEqual([]);
    const r = await check([
      { instance_id: 'nope', update_time: '5', tasks: [] },
      {
        instance_id: 'Q0001-abc',
        update_time: '100',
        tasks: [
          { task_id: 't1', update_time: '99' },
          { task_id: 'tx', update_time: '7' },
        ],
      },
    ]);
    expect(r.data?.diff_instances).toEqual([
      { instance_id: 'nope', update_time: '0', tasks: [] },
      {
        instance_id: 'Q0001-abc',
        update_time: '100',
        tasks: [
          { task_id: 't1', update_time: '100' },
          { task_id: 'tx', update_time: '0' },
        ],
      },
    ]);
    const behind = await check([
      { instance_id: 'Q0001-abc', update_time: '101', tasks: [{ task_id: 't1', update_time: '100' }] },
    ]);
    expect(behind.data?.diff_instances).toEqual([
      { instance_id: 'Q0001-abc', update_time: '100', tasks: [] },
    ]);
    expect((await answer(client.approval.v4.externalInstance.check({ data: {} as never }))).code).toBe(
      1390001,
    );
  });
});

describe('the quick approval and the user look-up', () => {
  let server: Server;
  let calls: Json[];
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it('only the holder of a pending task can tap; the callback carries the token and the user_id; the look-up maps it back', async () => {
    calls = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"code":0}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
    const code = (
      await client.approval.v4.externalApproval.create({
        data: definition({
          external: {
            support_pc: true,
            action_callback_url: url,
            action_callback_token: 'tok-0123456789abcdef',
          },
        }),
      })
    ).data!.approval_code;
    await sync(instance(code));
    const base = { instanceId: 'Q0001-abc', taskId: 't1' };
    expect(await sandbox.quickApprove({ ...base, openId: 'ou_alice', action: 'APPROVE' })).toEqual({
      sent: false,
      error: '这不是您的待办',
    });
    expect(await sandbox.quickApprove({ ...base, openId: 'ou_bob', action: 'REJECT' })).toEqual({
      sent: false,
      error: '请填写意见',
    });
    const ok = await sandbox.quickApprove({ ...base, openId: 'ou_bob', action: 'REJECT', reason: '请改期' });
    expect(ok).toMatchObject({ sent: true, status: 200 });
    expect(calls).toEqual([
      {
        action_type: 'REJECT',
        action_context: 'Q0001',
        user_id: userIdOf('ou_bob'),
        approval_code: code,
        instance_id: 'Q0001-abc',
        task_id: 't1',
        reason: '请改期',
        token: 'tok-0123456789abcdef',
      },
    ]);
    // The Approval Center changes nothing itself: the task waits until the system syncs it back.
    expect(sandbox.approvals.instances.get('Q0001-abc')!.tasks.get('t1')!.status).toBe('PENDING');
    const user = await client.contact.v3.user.get({
      path: { user_id: userIdOf('ou_bob') },
      params: { user_id_type: 'user_id' },
    });
    expect(user.data?.user?.open_id).toBe('ou_bob');
    expect(
      (
        await answer(
          client.contact.v3.user.get({ path: { user_id: 'nobody' }, params: { user_id_type: 'user_id' } }),
        )
      ).code,
    ).toBe(41050);
  });
});

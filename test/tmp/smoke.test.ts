import { expect, it } from 'vitest';
import { startHarness } from '../helpers/harness.ts';

it('smoke', async () => {
  const h = await startHarness({ clock: () => new Date('2026-11-26T10:00:00+08:00'), approvalCenter: true });
  try {
    await h.say('su-gang', '/请假 12月1日至12月3日 北京 参加培训');
    await h.settle();
    console.log(JSON.stringify(h.store.data.approvalDefinitions));
    console.log(
      JSON.stringify(
        [...h.lark.approvals.instances.values()].map((i) => ({
          ...i,
          tasks: [...i.tasks.values()],
          ccs: [...i.ccs.values()],
        })),
        null,
        1,
      ),
    );
    const c = h.lark.approvalCenterOf(h.who('chen-lixin').openId);
    console.log(JSON.stringify(c.todo, null, 1));
    const t = c.todo[0]!;
    const r = await h.lark.quickApprove({
      openId: h.who('chen-lixin').openId,
      instanceId: t.instanceId,
      taskId: t.task!.id,
      action: 'APPROVE',
    });
    console.log(r);
    await h.settle();
    console.log(
      JSON.stringify(h.lark.approvalCenterOf(h.who('zhou-jianguo').openId).todo.map((x) => x.task)),
    );
    console.log(JSON.stringify(h.lark.approvalCenterOf(h.who('chen-lixin').openId).done.map((x) => x.task)));
    expect(1).toBe(1);
  } finally {
    await h.stop();
  }
});

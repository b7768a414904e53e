import { describe, expect, it } from 'vitest';
import { CONNECTION_ALERT_AFTER_MS, connectionProblem } from '../../src/health/checks.ts';

// /healthz's "long connection down > 1 minute", on a clock the test sets (no minute of sleeping).
describe('connectionProblem', () => {
  const t0 = Date.parse('2026-11-26T10:00:00+08:00');

  it('is quiet while connected, however long ago that began', () => {
    expect(connectionProblem({ state: 'connected', since: t0 }, t0 + 86_400_000)).toBeUndefined();
  });

  it('speaks up once the connection has been down for more than a minute, not before', () => {
    expect(CONNECTION_ALERT_AFTER_MS).toBe(60_000);
    const down = { state: 'down' as const, since: t0 };
    expect(connectionProblem(down, t0 + 59_999)).toBeUndefined();
    expect(connectionProblem(down, t0 + 60_000)).toBeUndefined();
    expect(connectionProblem(down, t0 + 60_001)).toBe(
      '飞书长连接已断开 60 秒，收不到消息和卡片点击（long connection down since 2026-11-26T02:00:00.000Z）',
    );
  });

  it('also when it was never established, and with another limit', () => {
    const connecting = { state: 'connecting' as const, since: t0 };
    expect(connectionProblem(connecting, t0 + 5_000, 4_000)).toContain('飞书长连接5 秒仍未建立');
    expect(connectionProblem(connecting, t0 + 3_000, 4_000)).toBeUndefined();
  });
});

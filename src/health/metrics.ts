import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxEntry } from '../lark/outbox.ts';

/** What the bot counts for Prometheus (GET /metrics); one registry per bot, so tests never share one. */
export interface Metrics {
  readonly registry: Registry;
  event(kind: string, duplicate: boolean): void;
  /** From the transport handing the event over to the answer going back (the ack Lark waits 3 s for). */
  acked(kind: string, seconds: number): void;
  tap(action: string, seconds: number): void;
  command(name: string, outcome: 'ok' | 'error'): void;
  larkCall(api: string, code: string): void;
  job(name: string, result: 'ran' | 'skipped' | 'failed'): void;
  render(): Promise<string>;
  contentType: string;
}

// Lark re-sends an event it has no answer for after 3 s: the buckets bracket that.
const ACK_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

export function createMetrics(o: {
  outbox: () => readonly OutboxEntry[];
  processMetrics?: boolean;
}): Metrics {
  const registry = new Registry();
  if (o.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'govbot_' });
  const r = [registry];
  const events = new Counter({
    name: 'govbot_events_total',
    help: 'Events received from Lark, by kind (message, card, menu) and whether they were duplicates',
    labelNames: ['kind', 'duplicate'],
    registers: r,
  });
  const ack = new Histogram({
    name: 'govbot_event_ack_seconds',
    help: 'Time from receiving an event to answering Lark, by kind',
    labelNames: ['kind'],
    buckets: ACK_BUCKETS,
    registers: r,
  });
  const taps = new Counter({
    name: 'govbot_card_taps_total',
    help: 'Card taps handled, by card action',
    labelNames: ['action'],
    registers: r,
  });
  const tapLatency = new Histogram({
    name: 'govbot_card_tap_seconds',
    help: 'Time to decide a card tap and answer it (toast and card)',
    buckets: ACK_BUCKETS,
    registers: r,
  });
  const commands = new Counter({
    name: 'govbot_commands_total',
    help: 'Slash commands run, by command name and outcome',
    labelNames: ['command', 'outcome'],
    registers: r,
  });
  const lark = new Counter({
    name: 'govbot_lark_requests_total',
    help: 'Calls to the Lark Open API, by API and result code (0 = success)',
    labelNames: ['api', 'code'],
    registers: r,
  });
  const larkFailures = new Counter({
    name: 'govbot_lark_failures_total',
    help: 'Failed calls to the Lark Open API, by API and Lark error code',
    labelNames: ['api', 'code'],
    registers: r,
  });
  const jobs = new Counter({
    name: 'govbot_scheduler_runs_total',
    help: 'Scheduled job runs, by job and result',
    labelNames: ['job', 'result'],
    registers: r,
  });
  const byStatus = (status: OutboxEntry['status']) => o.outbox().filter((e) => e.status === status);
  new Gauge({
    name: 'govbot_outbox_depth',
    help: 'Messages in the outbox, by status (pending: still to send; failed: refused for good)',
    labelNames: ['status'],
    registers: r,
    collect() {
      this.set({ status: 'pending' }, byStatus('pending').length);
      this.set({ status: 'failed' }, byStatus('failed').length);
    },
  });
  new Gauge({
    name: 'govbot_outbox_oldest_pending_seconds',
    help: 'Age of the oldest message still to send (0 when none)',
    registers: r,
    collect() {
      const oldest = Math.min(...byStatus('pending').map((e) => e.createdAt));
      this.set(Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
    },
  });
  return {
    registry,
    contentType: registry.contentType,
    event: (kind, duplicate) => events.inc({ kind, duplicate: String(duplicate) }),
    acked: (kind, seconds) => ack.observe({ kind }, seconds),
    tap(action, seconds) {
      taps.inc({ action });
      tapLatency.observe(seconds);
    },
    command: (name, outcome) => commands.inc({ command: name, outcome }),
    larkCall(api, code) {
      lark.inc({ api, code });
      if (code !== '0') larkFailures.inc({ api, code });
    },
    job: (name, result) => jobs.inc({ job: name, result }),
    render: () => registry.metrics(),
  };
}

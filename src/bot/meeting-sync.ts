import type { Env } from '../domain/engine/engine.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import { isLeave } from '../domain/leave/absences.ts';
import { syncExcuse } from '../domain/meeting/attendance.ts';
import { isMeeting } from '../domain/meeting/types.ts';
import type { StoreData } from '../store/schema.ts';
import { applyTransition } from './apply.ts';
import type { Out } from './out.ts';
import type { RenderEnv } from './render.ts';

/**
 * A §42 meeting excuse was decided or withdrawn: the meeting's attendance follows (excused with the
 * substitute named, or attending), and every card of the meeting — the office's list included — is
 * patched. Any other item is left alone.
 */
export function followExcuse(
  data: StoreData,
  out: Out,
  item: WorkflowItem,
  env: Env,
  render: RenderEnv,
): void {
  if (!isLeave(item) || item.fields.type !== 'meeting_excuse') return;
  const id = item.fields.meeting?.meetingId;
  const meeting = id && Object.hasOwn(data.items, id) ? data.items[id] : undefined;
  if (!meeting || !isMeeting(meeting)) return;
  const r = syncExcuse(meeting, item, env);
  if (r?.ok) applyTransition(data, out, r.item, r.effects, render);
}

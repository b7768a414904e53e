import { registerKind } from '../src/bot/render.ts';
import { decideLeave } from '../src/domain/leave/leave.ts';
import type { LeaveItem } from '../src/domain/leave/types.ts';
import { buildLeaveFilingCard, buildLeaveStepCard, buildLeaveTrackerCard } from './leave.ts';
import { leaveNotice } from './leave-notices.ts';

registerKind('leave', {
  card(item, rec, env) {
    const leave = item as LeaveItem;
    if (rec.view === 'tracker') return buildLeaveTrackerCard(leave, env);
    if (rec.view === 'filed') return buildLeaveFilingCard(leave, env);
    return buildLeaveStepCard(leave, rec, env);
  },
  inform: (item, about, env, detail) => leaveNotice(item as LeaveItem, about, env, detail),
  decide: (item, a, env) => decideLeave(item as LeaveItem, a, env),
});

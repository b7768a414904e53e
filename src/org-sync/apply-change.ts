import { applyTransition } from '../bot/apply.ts';
import { awayOf } from '../bot/away.ts';
import { createOut } from '../bot/out.ts';
import type { Calendar } from '../domain/calendar.ts';
import type { Org } from '../domain/org.ts';
import { diffOrgs, isUnchanged, type OrgChanges, same } from '../domain/org-change/diff.ts';
import {
  reassignItem,
  type StepMove,
  type StrandedStep,
  strandedSteps,
} from '../domain/org-change/reassign.ts';
import { beijingDate } from '../domain/time.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/port.ts';
import type { LiveOrg } from './live-org.ts';
import { buildOrgChangeText } from './summary.ts';

export type SyncOutcome =
  | { applied: true; changes: OrgChanges; moves: StepMove[]; stranded: StrandedStep[]; warnings: string[] }
  | { applied: false; reason: 'unchanged' | 'not_import_mode' }
  | { applied: false; reason: 'refused'; problems: string[] };

/**
 * Puts a validated org in use: in one store transaction the org is swapped, every waiting step that
 * belongs to a role follows it to the role's new holder (cards sent, old ones redrawn), and the
 * government office's group gets the summary — what changed, what moved, what waits on someone gone.
 */
export async function applyOrgChange(d: {
  live: LiveOrg;
  store: Store;
  calendar: Calendar;
  logger: Logger;
  clock: () => Date;
  onQueued: () => void;
  next: Org;
  source: 'lark' | 'file';
  warnings: string[];
}): Promise<SyncOutcome> {
  const { next, source } = d;
  const before = d.live.current();
  if (same(before, next)) return { applied: false, reason: 'unchanged' };
  const prev = d.live.snapshot();
  const changes = diffOrgs(before, next);
  if (isUnchanged(changes)) {
    // Only what nobody sees changed (Lark's ids, the order of fields): no role has a new holder, so no
    // step moves and nobody is told; no write either.
    d.live.swap(next);
    return { applied: true, changes, moves: [], stranded: [], warnings: d.warnings };
  }
  const moves: StepMove[] = [];
  let stranded: StrandedStep[] = [];
  let queued = 0;
  await d.store.transact((data) => {
    const out = createOut(data, undefined);
    // Swapped in the same synchronous step as the steps move: no tap sees one without the other.
    d.live.swap(next);
    const now = d.clock();
    const today = beijingDate(now);
    const env = { now, today, org: d.live.index, calendar: d.calendar, away: awayOf(data) };
    for (const item of Object.values(data.items)) {
      const r = reassignItem(item, prev, env);
      if (!r) continue;
      moves.push(...r.moves);
      applyTransition(data, out, r.item, r.effects, { now, today, org: d.live.index });
    }
    const left = new Set(changes.left.map((p) => p.id));
    stranded = strandedSteps(Object.values(data.items), d.live.index).filter((s) => left.has(s.person));
    const text = buildOrgChangeText({ source, changes, moves, stranded, prev, next: d.live.index });
    out.send({ chatId: d.live.index.chat('governmentOffice').chatId }, text);
    queued = out.queued;
  });
  if (queued > 0) d.onQueued();
  d.logger.info(
    {
      source,
      joined: changes.joined.length,
      left: changes.left.length,
      mainHeads: changes.mainHeads.length,
      moved: moves.length,
      stranded: stranded.length,
    },
    'org updated without a restart',
  );
  return { applied: true, changes, moves, stranded, warnings: d.warnings };
}

import type { ActingReason } from '../src/domain/engine/acting.ts';
import type { ActingSegment } from '../src/domain/leave/acting-plan.ts';
import type { OrgIndex } from '../src/domain/org.ts';
import { type DateStr, formatCn } from '../src/domain/time.ts';
import { nameOf } from './progress.ts';

const range = (s: Pick<ActingSegment, 'from' | 'to'>, today: DateStr) =>
  s.from === s.to ? formatCn(s.from, today) : `${formatCn(s.from, today)}至${formatCn(s.to, today)}`;

/** What the holder does for the absent person, by why they hold it (§8). */
function verb(reason: ActingReason | undefined, forHead: boolean): string {
  if (forHead)
    return reason === 'designated_presides' ? '主持区政府日常工作（区长指定）' : '主持区政府日常工作';
  switch (reason) {
    case 'ab_partner':
      return '代行其分管工作（AB角）';
    case 'head_covers':
      return '代行其分管工作（区长）';
    default:
      return '代行其分管工作';
  }
}

/**
 * 代行安排 in one line (§8): "12月1日至12月3日由 陈立新 代行其分管工作（AB角）；12月4日无人代行…".
 * `only` keeps the days of one holder (the message telling them they act).
 */
export function actingText(
  plan: readonly ActingSegment[],
  person: string,
  org: OrgIndex,
  today: DateStr,
  only?: string,
): string {
  const forHead = person === org.head().id;
  return plan
    .filter((s) => only === undefined || s.holder === only)
    .map((s) =>
      s.holder
        ? `${range(s, today)}由 ${nameOf(org, s.holder)} ${verb(s.reason, forHead)}`
        : `${range(s, today)}无人代行（可代行的领导均不在阜），相关审批待返岗后办理`,
    )
    .join('；');
}

/** The days of a plan a holder acts on, e.g. "12月1日至12月3日". */
export function holderDays(plan: readonly ActingSegment[], holder: string, today: DateStr): string {
  return plan
    .filter((s) => s.holder === holder)
    .map((s) => range(s, today))
    .join('、');
}

import type { RenderEnv } from '../src/bot/render.ts';
import type { LeaveItem } from '../src/domain/leave/types.ts';
import { LEAVE_TYPE_LABEL, MEETING_LABEL } from '../src/domain/leave/types.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import { formatCn } from '../src/domain/time.ts';
import { plainText } from './markdown.ts';
import { nameOf } from './progress.ts';

/** The one-off messages of the leave workflow, by the `about` of the engine's inform effect. */
export function leaveNotice(
  item: LeaveItem,
  about: string,
  env: RenderEnv,
  detail?: string,
): { text: string } | { view: string } | undefined {
  const { org, today } = env;
  const f = item.fields;
  const who = nameOf(org, item.submitter);
  const title = org.person(item.submitter)?.title ?? '';
  const when =
    f.start === f.end ? formatCn(f.start, today) : `${formatCn(f.start, today)}至${formatCn(f.end, today)}`;
  const where = f.destination ? `（${plainText(f.destination)}）` : '';
  const what = `${when} ${LEAVE_TYPE_LABEL[f.type]}${where}`;
  const partner = org.abPartner(item.submitter);
  switch (about) {
    case 'tracker':
      return { view: 'tracker' };
    case 'filed':
      return { view: 'filed' };
    case 'approved':
      return { text: `您的请假（${item.id}，${what}）已获批准。返岗后请发送 /销假。` };
    case 'rejected':
      return {
        text: `您的请假（${item.id}，${what}）未获批准，理由：${plainText(detail ?? '')}\n您可以在“我的请假”卡片上修改后重新提交。`,
      };
    case 'leaders_notified': {
      const acting =
        item.submitter === org.head().id
          ? `期间由 ${org.executiveViceHead().name} 主持区政府日常工作（§8）`
          : `期间由 ${partner?.name ?? org.head().name} 代行其分管工作（§8 AB角）`;
      return { text: `【领导外出通报】${title}${who} ${what}，${acting}。` };
    }
    case 'you_act':
      return {
        text: `${title}${who} ${what}，期间由您代行其分管工作（§8 AB角）。相关审批将转给您代批，卡片上会注明“代批”。`,
      };
    case 'you_preside':
      return { text: `区长${who} ${what}，期间由您主持区政府日常工作（§8）。` };
    case 'attend_for':
      return f.meeting
        ? {
            text: `${who} 请假不参加${MEETING_LABEL[f.meeting.kind]}${f.meeting.date ? `（${formatCn(f.meeting.date, today)}）` : ''}，已批准由您代为参会（§42）。`,
          }
        : undefined;
    case 'returned':
      return {
        text: `【销假】${title}${who} 已于${formatCn(f.returnedOn ?? today, today)}返岗（${item.id}）。`,
      };
    case 'acting_ended':
      return {
        text: `${title}${who} 已于${formatCn(f.returnedOn ?? today, today)}销假返岗，您的代行安排结束。`,
      };
    case 'trip_report_owed':
      return {
        text: `您的出访（${item.id}）已结束，请于返岗后${RULE_LIMITS.tripReport.amount}个工作日内发送“/出访报告 总结内容”提交出访工作总结（§67）。`,
      };
    case 'trip_report':
      return {
        text: `【出访总结】${title}${who} 提交了出访工作总结（${item.id}，${what}）：\n${plainText(f.tripReport?.text ?? '')}`,
      };
    default:
      return undefined;
  }
}

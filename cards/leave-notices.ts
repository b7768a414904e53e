import type { RenderEnv } from '../src/bot/render.ts';
import type { LeaveItem } from '../src/domain/leave/types.ts';
import { LEAVE_TYPE_LABEL, MEETING_LABEL } from '../src/domain/leave/types.ts';
import { RULE_LIMITS } from '../src/domain/rule-limits.ts';
import { formatCn } from '../src/domain/time.ts';
import { actingText, holderDays } from './acting-lines.ts';
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
  const plan = f.acting ?? [];
  switch (about) {
    case 'tracker':
      return { view: 'tracker' };
    case 'filed':
      return { view: 'filed' };
    case 'approved':
      if (f.meeting) {
        return {
          text: `您的会议请假（${item.id}，${MEETING_LABEL[f.meeting.kind]} ${formatCn(f.meeting.date ?? f.start, today)}）已获批准，由 ${nameOf(org, f.meeting.deputy)} 代为参会（§42）。`,
        };
      }
      return { text: `您的请假（${item.id}，${what}）已获批准。返岗后请发送 /销假。` };
    case 'rejected':
      if (f.meeting) {
        return {
          text: `您的会议请假（${item.id}，${MEETING_LABEL[f.meeting.kind]} ${formatCn(f.meeting.date ?? f.start, today)}）未获批准，理由：${plainText(detail ?? '')}\n请按会议通知参会（§42）。`,
        };
      }
      return {
        text: `您的请假（${item.id}，${what}）未获批准，理由：${plainText(detail ?? '')}\n您可以在“我的请假”卡片上修改后重新提交。`,
      };
    case 'leaders_notified':
      return {
        text: `【领导外出通报】${title}${who} ${what}${plan.length ? `，期间${actingText(plan, item.submitter, org, today)}` : ''}（§8）。`,
      };
    case 'acting_changed':
      return {
        text: `【代行安排调整】${title}${who} ${what}，因其他领导外出或返岗，代行安排调整为：${actingText(plan, item.submitter, org, today)}（§8）。`,
      };
    case 'you_act':
      return detail
        ? {
            text: `${title}${who} ${what}，${holderDays(plan, detail, today)}由您代行其分管工作（§8）。相关审批将转给您代批，卡片上会注明“代批”。`,
          }
        : undefined;
    case 'you_preside': {
      const designated = plan.some((s) => s.holder === detail && s.reason === 'designated_presides');
      return detail
        ? {
            text: `区长${who} ${what}，${holderDays(plan, detail, today)}由您主持区政府日常工作（§8${designated ? '：区长、常务副区长均不在阜，由区长指定' : ''}）。相关审批将转给您代批。`,
          }
        : undefined;
    }
    case 'attend_for':
      return f.meeting
        ? {
            text: `${who} 请假不参加${MEETING_LABEL[f.meeting.kind]}${f.meeting.date ? `（${formatCn(f.meeting.date, today)}）` : ''}，已批准由您代为参会${f.meeting.topic ? `（议题 ${f.meeting.topic}）` : ''}（§42）。会议时间、地点见会议通知${f.meeting.meetingId ? ` ${f.meeting.meetingId}` : ''}。`,
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

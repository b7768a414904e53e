import type { RenderEnv } from '../src/bot/render.ts';
import type { TopicItem } from '../src/domain/topic/types.ts';
import { MEETING_KIND_LABEL } from '../src/domain/topic/types.ts';
import { plainText } from './markdown.ts';
import { nameOf } from './progress.ts';
import { dayCn, deptName } from './topic.ts';

/** The topic workflow's one-off messages, by the `about` of the engine's inform effect. */
export function topicNotice(
  item: TopicItem,
  about: string,
  env: RenderEnv,
  detail?: string,
): { text: string } | { view: string } | undefined {
  const { org, today } = env;
  const f = item.fields;
  const what = `${item.id}《${plainText(item.title, 60)}》`;
  const meeting = MEETING_KIND_LABEL[f.meeting];
  const date = f.meetingDate ? dayCn(f.meetingDate, today) : '';
  switch (about) {
    case 'tracker':
      return { view: 'tracker' };
    case 'filed':
      return { view: 'filed' };
    case 'approved':
      return {
        text: `您提请的议题 ${what} 已确定列入${meeting}议程，会议日期：${date}。请做好汇报准备（§38）。`,
      };
    case 'rejected': {
      const step = item.steps.find((s) => s.status === 'rejected');
      const by = step
        ? `${step.title}未通过（${nameOf(org, step.responses.at(-1)?.actor ?? '')}）`
        : '未通过';
      return {
        text: `您提请的议题 ${what} ${by}，意见：${plainText(detail ?? '')}\n您可以在“我的议题”卡片上修改后重新提交。`,
      };
    }
    case 'scheduled':
      return {
        text: `【议题上会】${what}（${deptName(org, f.unit)}）已确定列入${date}${meeting}议程。`,
      };
    default:
      return undefined;
  }
}

import type { RenderEnv } from '../src/bot/render.ts';
import { registerKind } from '../src/bot/render.ts';
import { decideMinutes } from '../src/domain/minutes/minutes.ts';
import { type MinutesItem, totalFunds } from '../src/domain/minutes/types.ts';
import { plainText } from './markdown.ts';
import { buildMinutesStepCard, buildMinutesTrackerCard, wan } from './minutes.ts';
import { deptName } from './topic.ts';

/** The minutes workflow's one-off messages, by the `about` of the engine's inform effect. */
export function minutesNotice(
  item: MinutesItem,
  about: string,
  env: RenderEnv,
  detail?: string,
): { text: string } | { view: string } | undefined {
  const f = item.fields;
  const what = `${item.title}（${item.id}）`;
  switch (about) {
    case 'tracker':
      return { view: 'tracker' };
    case 'approved':
      return { text: `${what}已办结：纪要已签发${f.paidOn ? '，资金已拨付' : ''}。` };
    case 'rejected':
      return {
        text: `${what}被退回，意见：${plainText(detail ?? '')}\n修改纪要稿后，请在纪要卡片上点“重新送审”。`,
      };
    case 'issued': {
      const lines = f.decisions.map((d, i) => {
        const extra = [
          d.leadDepartment ? `牵头：${deptName(env.org, d.leadDepartment)}` : '',
          d.funds ? `资金${wan(d.funds)}` : '',
        ].filter(Boolean);
        return `${i + 1}. ${plainText(d.text, 200)}${extra.length ? `（${extra.join('，')}）` : ''}`;
      });
      const funds = totalFunds(f);
      const pay = funds > 0 ? `\n批准资金共${wan(funds)}，请财政局在5个工作日内拨付（§56）。` : '';
      return { text: `【会议纪要已签发】${what}\n议定事项：\n${lines.join('\n')}${pay}` };
    }
    default:
      return undefined;
  }
}

registerKind('minutes', {
  card(item, rec, env) {
    const m = item as MinutesItem;
    return rec.view === 'tracker' ? buildMinutesTrackerCard(m, env) : buildMinutesStepCard(m, rec, env);
  },
  inform: (item, about, env, detail) => minutesNotice(item as MinutesItem, about, env, detail),
  decide: (item, a, env) => decideMinutes(item as MinutesItem, a, env),
});

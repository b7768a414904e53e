import type { RenderEnv } from '../src/bot/render.ts';
import { registerKind } from '../src/bot/render.ts';
import { isMajorDecision } from '../src/domain/minutes/decisions.ts';
import { decideMinutes } from '../src/domain/minutes/minutes.ts';
import { decidesMajor, type MinutesItem, totalFunds } from '../src/domain/minutes/types.ts';
import { formatCn } from '../src/domain/time.ts';
import { plainText } from './markdown.ts';
import { buildMinutesStepCard, buildMinutesTrackerCard, decisionLine, wan } from './minutes.ts';

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
      const lines = f.decisions.map(
        (d, i) =>
          `${i + 1}. ${plainText(
            decisionLine(item, d, env.org, (t) => t),
            400,
          )}`,
      );
      const funds = totalFunds(f);
      const pay = funds > 0 ? `\n批准资金共${wan(funds)}，请财政局在5个工作日内拨付（§56）。` : '';
      const party = decidesMajor(f)
        ? '\n重大决策事项须由区政府办公室向区委请示报告后出台（§65），报告后转为督办。'
        : '';
      return {
        text: `【会议纪要已签发】${what}\n议定事项（已转为督办事项，由牵头单位签收落实，§56）：\n${lines.join('\n')}${pay}${party}`,
      };
    }
    case 'reported': {
      const lines = f.decisions
        .filter((d) => isMajorDecision(item, d))
        .map(
          (d) =>
            `- ${plainText(
              decisionLine(item, d, env.org, (t) => t),
              400,
            )}`,
        );
      return {
        text: `【重大决策已报区委】${what}已于${formatCn(f.reportedOn ?? env.today, env.today)}向区委请示报告（§65），以下事项转为督办，跟踪实施情况（§25）：\n${lines.join('\n')}`,
      };
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

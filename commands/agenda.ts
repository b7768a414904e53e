import { buildAgendaCard } from '../cards/topic-agenda.ts';
import { type Audience, defineCommand } from '../src/bot/command.ts';
import { renderEnvOf } from '../src/bot/workflow.ts';
import { agendaOf } from '../src/domain/topic/agenda.ts';
import { noArgs } from './args.ts';

/** 区政府领导, 政府办主任 and the government office: who arranges and decides the agenda (§37–§40). */
export const agendaReaders: Audience = {
  label: '区政府领导和区政府办公室',
  allows: (ctx) => {
    const id = ctx.actor.person.id;
    const office = ctx.org.departmentByFunction('government_office');
    return (
      ctx.org.isLeader(id) ||
      ctx.org.officeDirector().id === id ||
      office.mainHead === id ||
      office.deputies.includes(id) ||
      office.staff.includes(id)
    );
  },
};

export const agendaCommand = defineCommand({
  name: 'agenda',
  aliases: ['议题列表', '议程', 'agenda'],
  summary: '查看各类会议待上会的议题及办理进度（区政府领导、政府办）',
  usage: ['/议题列表'],
  who: agendaReaders,
  args: noArgs,
  async run(ctx) {
    await ctx.reply(buildAgendaCard(agendaOf(Object.values(ctx.store.data.items)), renderEnvOf(ctx)));
  },
});

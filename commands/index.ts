import '../cards/leave-renderer.ts';
import '../cards/instruction-renderer.ts';
import '../cards/topic-renderer.ts';
import '../cards/minutes-renderer.ts';
import './minutes-decisions.ts';
import '../cards/meeting-renderer.ts';
import type { CardAction } from '../src/bot/card-action.ts';
import type { Command } from '../src/bot/command.ts';
import { agendaCommand } from './agenda.ts';
import { auditCommand } from './audit.ts';
import { backCommand } from './back.ts';
import { briefingCommand } from './briefing.ts';
import { cityMeetingCommand } from './city-meeting.ts';
import { helpCommand } from './help.ts';
import { holidaysCommand } from './holidays.ts';
import { instructCommand } from './instruct.ts';
import { instructionActions } from './instruct-actions.ts';
import { extendCommand } from './instruct-extend.ts';
import { leaveCommand } from './leave.ts';
import { leaveResubmitAction, leaveSubmitAction, leaveWithdrawAction } from './leave-actions.ts';
import { ledgerCommand } from './ledger.ts';
import { meetingActions } from './meeting-actions.ts';
import { meetingMoveCommand, meetingNoticeCommand } from './meeting-notice.ts';
import { minutesActions, minutesCommand } from './minutes.ts';
import { proposalCommand } from './proposal.ts';
import { rectificationCommand } from './rectification.ts';
import { reportCommand } from './report.ts';
import { stepDecideAction } from './step-actions.ts';
import { todoCommand, todoOpenAction } from './todo.ts';
import { topicCommand } from './topic.ts';
import { topicActions } from './topic-actions.ts';
import { tripReportCommand } from './trip-report.ts';
import { whoCommand } from './who.ts';
import { whoamiCommand } from './whoami.ts';

/** Every slash command, in the order /帮助 lists them. */
export const commands: Command<unknown>[] = [
  leaveCommand,
  backCommand,
  whoCommand,
  tripReportCommand,
  instructCommand,
  reportCommand,
  extendCommand,
  cityMeetingCommand,
  proposalCommand,
  rectificationCommand,
  ledgerCommand,
  briefingCommand,
  auditCommand,
  topicCommand,
  agendaCommand,
  meetingNoticeCommand,
  meetingMoveCommand,
  minutesCommand,
  todoCommand,
  holidaysCommand,
  whoamiCommand,
  helpCommand,
];

/** Every card button the bot answers, by `value.action`. */
export const cardActions: CardAction<unknown>[] = [
  stepDecideAction,
  leaveSubmitAction,
  leaveWithdrawAction,
  leaveResubmitAction,
  ...instructionActions,
  todoOpenAction,
  ...topicActions,
  ...minutesActions,
  ...meetingActions,
];

import '../cards/leave-renderer.ts';
import type { CardAction } from '../src/bot/card-action.ts';
import type { Command } from '../src/bot/command.ts';
import { backCommand } from './back.ts';
import { helpCommand } from './help.ts';
import { leaveCommand } from './leave.ts';
import { leaveResubmitAction, leaveSubmitAction, leaveWithdrawAction } from './leave-actions.ts';
import { stepDecideAction } from './step-actions.ts';
import { tripReportCommand } from './trip-report.ts';
import { whoCommand } from './who.ts';
import { whoamiCommand } from './whoami.ts';

/** Every slash command, in the order /帮助 lists them. */
export const commands: Command<unknown>[] = [
  leaveCommand,
  backCommand,
  whoCommand,
  tripReportCommand,
  whoamiCommand,
  helpCommand,
];

/** Every card button the bot answers, by `value.action`. */
export const cardActions: CardAction<unknown>[] = [
  stepDecideAction,
  leaveSubmitAction,
  leaveWithdrawAction,
  leaveResubmitAction,
];

import type { CardAction } from '../src/bot/card-action.ts';
import type { Command } from '../src/bot/command.ts';
import { helpCommand } from './help.ts';
import { whoamiCommand } from './whoami.ts';

/** Every slash command, in the order /帮助 lists them. */
export const commands: Command<unknown>[] = [helpCommand, whoamiCommand];

/** Every card button the bot answers, by `value.action`. */
export const cardActions: CardAction<unknown>[] = [];

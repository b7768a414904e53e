import { describeInstruction } from './describe-instruction.ts';
import { describeLeave } from './describe-leave.ts';
import { describeMinutes } from './describe-minutes.ts';
import { describeTopic } from './describe-topic.ts';
import type { Describer } from './types.ts';

/** One describer per kind of item that has decisions; a kind without one stays out of the Approval Center. */
export const DESCRIBERS: Readonly<Record<string, Describer>> = {
  leave: describeLeave,
  topic: describeTopic,
  instruction: describeInstruction,
  minutes: describeMinutes,
};

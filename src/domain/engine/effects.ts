import type { ChatKind } from '../org.ts';

/**
 * What a transition asks the outside world to do. The bot renders them into cards and messages;
 * the domain only says who must be told what.
 */
export type Effect =
  /** Send the step's action card to `to` (who acts; `onBehalfOf` when acting for the party, 代批). */
  | { type: 'ask'; itemId: string; stepId: string; to: string; onBehalfOf?: string }
  /** Every card already sent for the item is redrawn from its new state. */
  | { type: 'refresh'; itemId: string }
  /** Tell a person or a group something about the item (`about` names the event, the workflow words it). */
  | {
      type: 'inform';
      itemId: string;
      to: { person: string } | { chat: ChatKind };
      about: string;
      detail?: string;
    };

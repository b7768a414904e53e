/**
 * Feishu updates a message only within 14 days of sending it: a PATCH of an older card fails with
 * 230031 (server-docs/im-v1/message-card/patch; Card JSON 2.0 cards can be tapped and updated for 14
 * days). The hour of margin covers the time between recording a card and Lark receiving it.
 */
export const CARD_UPDATE_DAYS = 14;
/** A card still asking its recipient for something is sent afresh after this many days, while the old one can still say so. */
export const CARD_RENEW_DAYS = 13;

const DAY_MS = 24 * 3600_000;

export function cardAgeDays(sentAt: string, now: Date): number {
  return (now.getTime() - Date.parse(sentAt)) / DAY_MS;
}

/** Whether Feishu still accepts an update of a card sent at `sentAt`. */
export function canPatch(sentAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(sentAt) < CARD_UPDATE_DAYS * DAY_MS - 3600_000;
}

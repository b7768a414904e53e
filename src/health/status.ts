/**
 * What the health checks are fed: small functions, so that the long connection and the calendar can
 * each say how they stand without the checks knowing how they work.
 */
import type { YearStatus } from '../domain/calendar.ts';

/** The long connection to Lark: `since` is when it entered this state (ms since the epoch). */
export type ConnectionState = 'connected' | 'connecting' | 'down';
export interface ConnectionStatus {
  state: ConnectionState;
  since: number;
}
export type ConnectionStatusFn = () => ConnectionStatus;

/** A year of the holiday calendar: the State Council's arrangement, a provisional one, or nothing (Calendar.yearStatus). */
export type CalendarStatusFn = (year: number) => YearStatus;

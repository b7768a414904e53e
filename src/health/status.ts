/**
 * What the health checks are fed: small functions, so that the long connection and the calendar can
 * each say how they stand without the checks knowing how they work.
 */

/** The long connection to Lark: `since` is when it entered this state (ms since the epoch). */
export type ConnectionState = 'connected' | 'connecting' | 'down';
export interface ConnectionStatus {
  state: ConnectionState;
  since: number;
}
export type ConnectionStatusFn = () => ConnectionStatus;

/** A year of the holiday calendar: the State Council's arrangement, a provisional one, or nothing. */
export type CalendarYearStatus = 'official' | 'provisional' | 'none';
export type CalendarStatusFn = (year: number) => CalendarYearStatus;

/** From a calendar that only knows whether it has a year (issue 14 adds the provisional kind). */
export function calendarStatusOf(calendar: { hasData(year: number): boolean }): CalendarStatusFn {
  return (year) => (calendar.hasData(year) ? 'official' : 'none');
}

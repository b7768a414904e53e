import type { Calendar } from '../domain/calendar.ts';
import type { OrgIndex, Person, Role } from '../domain/org.ts';
import type { DateStr } from '../domain/time.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/port.ts';
import type { StoreData } from '../store/schema.ts';
import type { CommandRegistry } from './command.ts';
import type { Inbound } from './inbound.ts';
import type { Out } from './out.ts';

/** The person acting, as the org file knows them. */
export interface Actor {
  person: Person;
  openId: string;
  role: Role | undefined;
}

/** What a command or card action gets: who, when, the org, and a way to change state and answer. */
export interface Context {
  inbound: Inbound;
  actor: Actor;
  now: Date;
  today: DateStr;
  org: OrgIndex;
  calendar: Calendar;
  store: Store;
  commands: CommandRegistry;
  logger: Logger;
  /** Changes state and queues what the change causes, in one durable write. */
  transact<T>(fn: (data: StoreData, out: Out) => T): Promise<T>;
  /**
   * Changes state and answers with what `fn` returns, in ONE durable write: a crash can never keep the
   * change and lose the answer (a second write for the reply could be lost after the inbox entry is gone).
   */
  answer(fn: (data: StoreData, out: Out) => string | object): Promise<void>;
  /** Answers in the chat the command came from (a reply to the message, or a message to the tapper). */
  reply(message: string | object): Promise<void>;
}

import type { Absence, AwayLookup } from '../domain/engine/acting.ts';
import type { WorkflowItem } from '../domain/engine/types.ts';
import { absencesOf, awayLookup } from '../domain/leave/absences.ts';
import { derivedIndex } from '../store/indexes.ts';
import type { StoreData } from '../store/schema.ts';
import type { Observer } from '../store/tracked.ts';

/** Standing absences by person, kept current as leave items change (every tap needs them, §8). */
class AbsenceIndex implements Observer {
  readonly collection = 'items' as const;
  byPerson = new Map<string, Map<string, Absence>>();

  reset(): void {
    this.byPerson.clear();
  }

  change(id: string, before: unknown, after: unknown): void {
    for (const a of absencesOf([before as WorkflowItem].filter(Boolean)))
      this.byPerson.get(a.person)?.delete(id);
    for (const a of absencesOf([after as WorkflowItem].filter(Boolean))) {
      const m = this.byPerson.get(a.person) ?? new Map<string, Absence>();
      this.byPerson.set(a.person, m);
      m.set(id, a);
    }
  }
}

/** Who is away on which day, from the store's standing leave (an index; a scan for plain test data). */
export function awayOf(data: StoreData): AwayLookup {
  const ix = derivedIndex(data, 'absences', () => new AbsenceIndex());
  if (!ix) return awayLookup(Object.values(data.items));
  return (person, day) => {
    for (const a of ix.byPerson.get(person)?.values() ?? []) if (a.start <= day && day <= a.end) return a;
    return undefined;
  };
}

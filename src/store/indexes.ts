import type { CardRecord, StoreData } from './schema.ts';
import { type Observer, trackerOf } from './tracked.ts';

const registry = new WeakMap<object, Map<string, Observer>>();

/**
 * A derived index of a store's data, built once and kept current by the store's change tracking.
 * Undefined for data that did not come from a store (a test's plain object): the caller scans instead.
 */
export function derivedIndex<T extends Observer>(
  data: StoreData,
  name: string,
  make: () => T,
): T | undefined {
  const tracker = trackerOf(data);
  if (!tracker) return undefined;
  const byName = registry.get(data) ?? new Map<string, Observer>();
  registry.set(data, byName);
  let ix = byName.get(name) as T | undefined;
  if (!ix) {
    ix = make();
    tracker.observe(ix);
    byName.set(name, ix);
  }
  return ix;
}

type Ref = [ref: string, rec: CardRecord];

class CardIndex implements Observer {
  readonly collection = 'cards' as const;
  byItem = new Map<string, Map<string, CardRecord>>();
  byMessage = new Map<string, Map<string, CardRecord>>();

  reset(): void {
    this.byItem.clear();
    this.byMessage.clear();
  }

  change(ref: string, before: unknown, after: unknown): void {
    const b = before as CardRecord | undefined;
    const a = after as CardRecord | undefined;
    if (b) {
      this.byItem.get(b.itemId)?.delete(ref);
      if (b.messageId) this.byMessage.get(b.messageId)?.delete(ref);
    }
    if (a) {
      put(this.byItem, a.itemId, ref, a);
      if (a.messageId) put(this.byMessage, a.messageId, ref, a);
    }
  }
}

function put(m: Map<string, Map<string, CardRecord>>, key: string, ref: string, rec: CardRecord): void {
  const inner = m.get(key) ?? new Map<string, CardRecord>();
  m.set(key, inner);
  inner.set(ref, rec);
}

const cardIndex = (data: StoreData) => derivedIndex(data, 'cards', () => new CardIndex());

/** Every card sent for an item, with its record key. */
export function cardsOf(data: StoreData, itemId: string): Ref[] {
  const ix = cardIndex(data);
  if (ix) return [...(ix.byItem.get(itemId) ?? [])];
  return Object.entries(data.cards).filter(([, rec]) => rec.itemId === itemId);
}

/** The card records behind one Lark message (a tapped card). */
export function cardsByMessage(data: StoreData, messageId: string): Ref[] {
  const ix = cardIndex(data);
  if (ix) return [...(ix.byMessage.get(messageId) ?? [])];
  return Object.entries(data.cards).filter(([, rec]) => rec.messageId === messageId);
}

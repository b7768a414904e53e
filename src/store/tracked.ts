import type { StoreData } from './schema.ts';

/**
 * Change tracking for the store's data, so that a write costs what changed and a lookup costs what it
 * finds (not the size of the file).
 *
 * Keyed collections are wrapped in proxies that see every `set` and `delete` of a key; the values put in
 * them are frozen, so a record is replaced, never edited in place (an in-place edit would be invisible
 * to the journal and the indexes — freezing makes such a bug throw in the tests instead of losing data
 * after a restart). The lists (inbox, outbox) are compared by identity when changes are drained; their
 * entries are frozen then too.
 */
export const KEYED = [
  'items',
  'cards',
  'seenEvents',
  'jobRuns',
  'nags',
  'approvalDefinitions',
  'approvalInstances',
] as const;
export type Keyed = (typeof KEYED)[number];
const LISTS = ['inbox', 'outbox'] as const;
type ListName = (typeof LISTS)[number];
const SCALARS = ['seq', 'schemaVersion'] as const;
// Every field of the data is journalled one of these three ways: a field added to StoreData and not
// listed in one of them fails to compile here, instead of silently never reaching the disk.
type Journalled = Keyed | ListName | (typeof SCALARS)[number];
const _unjournalled: Record<Exclude<keyof StoreData, Journalled>, never> = {};
type Entry = { id: string };
/** A list as of the last drain: its entries (by reference) and their ids. */
type Shadow = { entries: Entry[]; ids: Set<string> };

/** Keeps a derived view (an index) of one keyed collection up to date. */
export interface Observer {
  collection: Keyed;
  /** The collection was replaced as a whole (start-up, sandbox reset): forget everything. */
  reset(): void;
  change(key: string, before: unknown, after: unknown): void;
}

export interface ListDelta {
  /** New or replaced entries, in list order: a replaced one keeps its place, a new one goes last. */
  put?: Entry[];
  del?: string[];
  /** The list was reordered in a way `put`/`del` cannot express: the whole list. */
  whole?: Entry[];
}

/** One commit's changes: what the journal appends and what `replay` applies. */
export interface ChangeSet {
  seq: number;
  schemaVersion: number;
  set?: Partial<Record<Keyed, Record<string, unknown>>>;
  del?: Partial<Record<Keyed, string[]>>;
  whole?: Partial<Record<Keyed, Record<string, unknown>>>;
  lists?: Partial<Record<ListName, ListDelta>>;
}

function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return v;
  for (const x of Object.values(v)) deepFreeze(x);
  return Object.freeze(v);
}

const trackers = new WeakMap<object, Tracker>();

/** The tracker behind a store's data, if the data came from a store (plain test data has none). */
export function trackerOf(data: object): Tracker | undefined {
  return trackers.get(data);
}

export class Tracker {
  readonly data: StoreData;
  #raw: StoreData;
  /** The collections' own objects behind their proxies: read and serialised without the proxy's cost. */
  #targets = {} as Record<Keyed, Record<string, unknown>>;
  #dirty = new Map<Keyed, Set<string>>();
  #replaced = new Set<Keyed>();
  #observers: Observer[] = [];
  #shadow = new Map<ListName, Shadow>();
  #scalars: string;

  constructor(raw: StoreData) {
    this.#raw = raw;
    for (const c of KEYED) {
      raw[c] = this.#wrap(c, raw[c]) as never;
    }
    for (const l of LISTS) this.#shadow.set(l, this.#snapshotList(l));
    this.#scalars = this.#scalarKey();
    const tracker = this;
    this.data = new Proxy(raw, {
      set(target, key, value) {
        if ((KEYED as readonly unknown[]).includes(key)) {
          const c = key as Keyed;
          target[c] = tracker.#wrap(c, { ...value }) as never;
          tracker.#replaced.add(c);
          tracker.#dirty.delete(c);
          for (const o of tracker.#observers) if (o.collection === c) tracker.#feed(o);
          return true;
        }
        return Reflect.set(target, key, value);
      },
      deleteProperty() {
        throw new TypeError('store collections cannot be deleted');
      },
    });
    trackers.set(this.data, this);
  }

  /** The data without proxies, for serialising a snapshot. */
  get raw(): StoreData {
    return { ...this.#raw, ...this.#targets } as StoreData;
  }

  observe(o: Observer): void {
    this.#observers.push(o);
    this.#feed(o);
  }

  #feed(o: Observer): void {
    o.reset();
    for (const [k, v] of Object.entries(this.#targets[o.collection])) o.change(k, undefined, v);
  }

  #wrap(c: Keyed, target: Record<string, unknown>): Record<string, unknown> {
    for (const v of Object.values(target)) deepFreeze(v);
    this.#targets[c] = target;
    const tracker = this;
    return new Proxy(target, {
      set(t, key, value) {
        if (typeof key !== 'string') return Reflect.set(t, key, value);
        const before = Object.hasOwn(t, key) ? t[key] : undefined;
        t[key] = deepFreeze(value);
        tracker.#mark(c, key);
        for (const o of tracker.#observers) if (o.collection === c) o.change(key, before, value);
        return true;
      },
      deleteProperty(t, key) {
        if (typeof key !== 'string' || !Object.hasOwn(t, key)) return Reflect.deleteProperty(t, key);
        const before = t[key];
        delete t[key];
        tracker.#mark(c, key);
        for (const o of tracker.#observers) if (o.collection === c) o.change(key, before, undefined);
        return true;
      },
    });
  }

  #mark(c: Keyed, key: string): void {
    if (this.#replaced.has(c)) return;
    const s = this.#dirty.get(c);
    if (s) s.add(key);
    else this.#dirty.set(c, new Set([key]));
  }

  #scalarKey(): string {
    return SCALARS.map((k) => this.#raw[k]).join('/');
  }

  #snapshotList(l: ListName): Shadow {
    const entries = [...(this.#raw[l] as Entry[])];
    for (const e of entries) deepFreeze(e);
    return { entries, ids: new Set(entries.map((e) => e.id)) };
  }

  #listDelta(l: ListName): ListDelta | undefined {
    const list = this.#raw[l] as Entry[];
    const before = this.#shadow.get(l) ?? { entries: [], ids: new Set<string>() };
    const ids = new Set<string>();
    for (const e of list) ids.add(e.id);
    this.#shadow.set(l, { entries: [...list], ids });
    const put: Entry[] = [];
    const del: string[] = [];
    // One walk: survivors must keep their relative order and new entries come after them all (what
    // push, filter, splice and map produce); anything else is written whole.
    let i = 0;
    let sawNew = false;
    for (const e of list) {
      while (i < before.entries.length && !ids.has(before.entries[i]!.id)) del.push(before.entries[i++]!.id);
      const old = before.entries[i];
      if (old && old.id === e.id && !sawNew) {
        if (old !== e) put.push(deepFreeze(e));
        i++;
      } else if (before.ids.has(e.id) || ids.size !== list.length) {
        for (const x of list) deepFreeze(x);
        return { whole: [...list] };
      } else {
        sawNew = true;
        put.push(deepFreeze(e));
      }
    }
    while (i < before.entries.length) del.push(before.entries[i++]!.id);
    if (put.length === 0 && del.length === 0) return undefined;
    return { ...(put.length ? { put } : {}), ...(del.length ? { del } : {}) };
  }

  /**
   * Everything changed since the last drain, by reference: serialise it before anything can change
   * again (the caller stringifies it in the same tick). Undefined when nothing changed.
   */
  drain(): ChangeSet | undefined {
    const whole: NonNullable<ChangeSet['whole']> = {};
    const set: NonNullable<ChangeSet['set']> = {};
    const del: NonNullable<ChangeSet['del']> = {};
    const lists: NonNullable<ChangeSet['lists']> = {};
    let changed = false;
    for (const c of this.#replaced) {
      whole[c] = this.#targets[c];
      changed = true;
    }
    for (const [c, keys] of this.#dirty) {
      const coll = this.#targets[c];
      const put: Record<string, unknown> = {};
      const gone: string[] = [];
      for (const k of keys) {
        if (Object.hasOwn(coll, k)) put[k] = coll[k];
        else gone.push(k);
        changed = true;
      }
      if (gone.length > 0) del[c] = gone;
      if (Object.keys(put).length > 0) set[c] = put;
    }
    this.#replaced.clear();
    this.#dirty.clear();
    for (const l of LISTS) {
      const d = this.#listDelta(l);
      if (d) {
        lists[l] = d;
        changed = true;
      }
    }
    const cs: ChangeSet = {
      seq: this.#raw.seq,
      schemaVersion: this.#raw.schemaVersion,
      set,
      del,
      whole,
      lists,
    };
    const scalars = this.#scalarKey();
    if (scalars !== this.#scalars) changed = true;
    this.#scalars = scalars;
    return changed ? cs : undefined;
  }
}

/** Applies a journalled change set to plain data (start-up replay; never to live tracked data). */
export function replay(data: StoreData, cs: ChangeSet): void {
  data.seq = cs.seq;
  data.schemaVersion = cs.schemaVersion;
  for (const [c, coll] of Object.entries(cs.whole ?? {})) data[c as Keyed] = coll as never;
  for (const [c, kv] of Object.entries(cs.set ?? {})) Object.assign(data[c as Keyed], kv);
  for (const [c, keys] of Object.entries(cs.del ?? {})) {
    const coll = data[c as Keyed] as Record<string, unknown>;
    for (const k of keys ?? []) delete coll[k];
  }
  for (const [l, d] of Object.entries(cs.lists ?? {})) {
    const name = l as ListName;
    if (!d) continue;
    if (d.whole) {
      data[name] = d.whole as never;
      continue;
    }
    const gone = new Set(d.del ?? []);
    const put = new Map((d.put ?? []).map((e) => [e.id, e]));
    const next: Entry[] = [];
    for (const e of data[name] as Entry[]) {
      if (gone.has(e.id)) continue;
      const p = put.get(e.id);
      next.push(p ?? e);
      put.delete(e.id);
    }
    for (const e of put.values()) next.push(e);
    data[name] = next as never;
  }
}

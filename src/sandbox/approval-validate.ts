// What the Approval Center refuses, as its pages document the fields (1390001 "param is invalid").
// The platform reports one problem at a time; so does the imitation, naming the field.

export type Json = Record<string, unknown>;
export type Checked<T> = { ok: true; value: T } | { ok: false; msg: string };

export const fail = (msg: string): { ok: false; msg: string } => ({ ok: false, msg });

export const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
export const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';
export const isMs = (v: unknown): v is string => typeof v === 'string' && /^\d{1,16}$/.test(v);
export const isKey = (v: unknown): v is string => typeof v === 'string' && v.startsWith('@i18n@');

/** i18n_resources: a default locale, texts as {key, value} pairs whose keys start with @i18n@. */
export function textsOf(resources: unknown, required: boolean): Checked<Map<string, string>> {
  if (resources === undefined && !required) return { ok: true, value: new Map() };
  if (!Array.isArray(resources) || resources.length === 0)
    return { ok: false, msg: 'i18n_resources is required' };
  let texts: Map<string, string> | undefined;
  for (const r of resources) {
    if (!isObj(r) || !nonEmpty(r.locale) || typeof r.is_default !== 'boolean' || !Array.isArray(r.texts)) {
      return { ok: false, msg: 'i18n_resources: locale, is_default and texts are required' };
    }
    const m = new Map<string, string>();
    for (const t of r.texts) {
      if (!isObj(t) || !isKey(t.key) || typeof t.value !== 'string') {
        return { ok: false, msg: 'i18n_resources.texts: each needs a key starting with @i18n@ and a value' };
      }
      m.set(t.key, t.value);
    }
    if (r.is_default) texts = m;
  }
  if (!texts) return { ok: false, msg: 'i18n_resources: one locale must be the default' };
  return { ok: true, value: texts };
}

/** A displayed text: an @i18n@ key the default locale defines. */
export function resolve(texts: Map<string, string>, v: unknown, field: string): Checked<string> {
  if (!isKey(v)) return { ok: false, msg: `${field} must be an @i18n@ key` };
  const value = texts.get(v);
  return value === undefined
    ? { ok: false, msg: `${field}: ${v} is not in i18n_resources` }
    : { ok: true, value };
}

export function linksOf(v: unknown, field: string): Checked<{ pc: string; mobile?: string }> {
  if (!isObj(v) || (!nonEmpty(v.pc_link) && !nonEmpty(v.mobile_link))) {
    return { ok: false, msg: `${field}.links: pc_link or mobile_link is required` };
  }
  return {
    ok: true,
    value: {
      pc: String(v.pc_link ?? v.mobile_link),
      ...(nonEmpty(v.mobile_link) ? { mobile: v.mobile_link } : {}),
    },
  };
}

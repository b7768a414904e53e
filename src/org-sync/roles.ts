import { z } from 'zod';
import type { DepartmentFunction, DepartmentKind, OrgProblem } from '../domain/org.ts';
import { formatPath } from '../domain/org-schema.ts';

// The roles file: what the district government knows and Lark does not (README, "The org chart from
// Lark"). People are named by open_id, mobile or email; units by Lark department id or name.

const text = z.string().trim().min(1, 'must not be empty');
const time = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time of day as HH:mm, like 08:30');
const personRef = (what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `missing: ${what}` : `${what} must be a string`) })
    .trim()
    .refine((v) => refKind(v) !== undefined, {
      message: `${what} must be an open_id (ou_…), a mobile (+86…) or an email`,
    });
const unitRef = text;
const chatRef = z
  .string()
  .regex(/^oc_[0-9A-Za-z_-]+$/, 'must be a Lark chat_id like oc_0123… (npm run org:chats lists them)');

const pattern = z.string().refine(
  (v) => {
    try {
      new RegExp(v, 'u');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a valid regular expression, like (局|办|室|镇|街道)$' },
);

export const rolesSchema = z.strictObject({
  district: text,
  directory: z.strictObject({
    /** The district government's department in Lark (open_department_id, custom department_id, or 0). */
    root: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_\-@.]{0,63}$/, 'must be a Lark department id (od-… or the custom id)'),
    /** Which departments are units, by id or name; default: every direct child of the root. */
    units: z.array(unitRef).optional(),
    /** Or: every department whose name matches (the outermost one where they nest). */
    unitPattern: pattern.optional(),
    /** Departments that are not units even though `units` / `unitPattern` / the default would take them. */
    exclude: z.array(unitRef).default([]),
  }),
  leaders: z.strictObject({
    head: personRef('the head (区长)'),
    executiveViceHead: personRef('the executive vice head (常务副区长)'),
    viceHeads: z.array(
      z.strictObject({
        person: personRef('a vice head (副区长)'),
        abPartner: personRef('the AB partner').optional(),
        supervises: z.array(unitRef).default([]),
      }),
    ),
    designatedPresider: personRef('the vice head the head designated to preside (§8)'),
    officeDirector: personRef('the office director (政府办主任)'),
  }),
  functions: z.strictObject({
    government_office: unitRef,
    justice: unitRef,
    supervision: unitRef,
    finance: unitRef,
  }),
  /** 单位类别 where the name does not tell (…镇 is a town, …街道 a subdistrict, the rest departments). */
  kinds: z.record(z.string(), z.enum(['department', 'town', 'subdistrict'])).default({}),
  chats: z.strictObject({ leaders: chatRef, supervision: chatRef, governmentOffice: chatRef }),
  schedule: z
    .strictObject({
      digestTime: time.default('08:30'),
      /** When the running bot re-reads the directory each day (before the digest, so it sees today's org). */
      directoryRefresh: time.default('06:30'),
    })
    .default({ digestTime: '08:30', directoryRefresh: '06:30' }),
});

/** 角色文件 — the roles file, validated. */
export type Roles = z.output<typeof rolesSchema>;

export type RefKind = 'open_id' | 'mobile' | 'email';

export function refKind(ref: string): RefKind | undefined {
  if (/^ou_[0-9A-Za-z_-]+$/.test(ref)) return 'open_id';
  if (/^\+?[0-9]{6,15}$/.test(ref)) return 'mobile';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(ref)) return 'email';
  return undefined;
}

/** …镇 is a town, …街道 (…街道办事处) a subdistrict, anything else a department (RULES.md, 部门 / 镇街). */
export function kindByName(name: string): DepartmentKind {
  if (/镇$/.test(name)) return 'town';
  if (/街道(办事处)?$/.test(name)) return 'subdistrict';
  return 'department';
}

export const FUNCTIONS: DepartmentFunction[] = ['government_office', 'justice', 'supervision', 'finance'];

/** Parses a roles file; problems carry the file's own paths, like `leaders.viceHeads[2].person`. */
export function parseRoles(raw: unknown): { ok: true; roles: Roles } | { ok: false; problems: OrgProblem[] } {
  const r = rolesSchema.safeParse(raw, {
    error: (iss) =>
      (iss.code === 'invalid_type' || iss.code === 'invalid_value') && iss.input === undefined
        ? 'missing (required)'
        : undefined,
  });
  if (r.success) return { ok: true, roles: r.data };
  const problems = r.error.issues.flatMap((iss) =>
    iss.code === 'unrecognized_keys'
      ? iss.keys.map((k) => ({ path: formatPath([...iss.path, k]), message: 'unknown field (a typo?)' }))
      : [{ path: formatPath(iss.path), message: iss.message }],
  );
  return { ok: false, problems };
}

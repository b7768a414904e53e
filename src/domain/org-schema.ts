import { z } from 'zod';
import { STEP_LIMIT_KINDS } from './rule-limits.ts';

// What a valid org file is: its shape (zod) and the cross-references zod can not see (parseOrg).

const slug = (what: string) =>
  z
    .string()
    .regex(
      /^[a-z0-9]+(-[a-z0-9]+)*$/,
      `${what} must be lower-case letters, digits and hyphens, like zhang-wei`,
    );

/** A person id; `what` names the role, so a gap reads "missing: the supervising vice head (分管副区长)". */
const ref = (what: string) =>
  z.string({
    error: (iss) => (iss.input === undefined ? `missing: ${what}` : `${what} must be a person id`),
  });

const text = z.string().trim().min(1, 'must not be empty');

const timeOfDay = z
  .string()
  .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a time of day as HH:mm, like 08:30');

const personSchema = z.strictObject({
  id: slug('a person id'),
  name: text,
  title: text,
  openId: z
    .string()
    .regex(/^ou_[0-9A-Za-z_-]+$/, 'must be a Lark open_id like ou_0123…')
    .optional(),
  // batch_get_id takes Chinese mobiles with or without +86.
  mobile: z
    .string()
    .regex(/^\+?[0-9]{6,15}$/, 'must be digits, optionally after a +country code')
    .optional(),
  email: z.email('must be an email address').optional(),
});

const departmentSchema = z.strictObject({
  id: slug('a department id'),
  name: text,
  kind: z.enum(['department', 'town', 'subdistrict']),
  function: z.enum(['government_office', 'justice', 'supervision', 'finance']).optional(),
  mainHead: ref('the main head (主要负责人)'),
  deputies: z.array(ref('a deputy (分管负责人)')),
  staff: z.array(ref('a staff member')).default([]),
  supervisor: ref('the supervising vice head (分管副区长)'),
  /** The Lark department (open_department_id) `npm run org:import` made this unit from. */
  larkId: z.string().optional(),
});

const chatSchema = z.strictObject({
  chatId: z.string().regex(/^oc_[0-9A-Za-z_-]+$/, 'must be a Lark chat_id like oc_0123…'),
  name: text,
  members: z.array(ref('a chat member')),
});

const leadersSchema = z.strictObject({
  head: ref('the head (区长)'),
  executiveViceHead: ref('the executive vice head (常务副区长)'),
  viceHeads: z.array(
    z.strictObject({ person: ref('a vice head (副区长)'), abPartner: ref('the AB partner').optional() }),
  ),
  designatedPresider: ref('the vice head the head designated to preside (§8)'),
  officeDirector: ref('the office director (政府办主任)'),
});

export const CHAT_KINDS = ['leaders', 'supervision', 'governmentOffice'] as const;

export const orgSchema = z.strictObject({
  district: text,
  people: z.array(personSchema),
  leaders: leadersSchema,
  departments: z.array(departmentSchema),
  chats: z.strictObject({ leaders: chatSchema, supervision: chatSchema, governmentOffice: chatSchema }),
  schedule: z.strictObject({
    digestTime: timeOfDay,
    /** When the morning nags go out (催办); after the digest, before most people open their chats. */
    nagTime: timeOfDay.default('09:00'),
    /**
     * Working days a step of each kind may wait when the seed sets no limit (rule-limits.ts
     * STEP_LIMIT_DEFAULTS, §62); e.g. { "leaveApproval": 1, "closeOut": 3 }.
     */
    stepLimits: z
      .partialRecord(
        z.enum(STEP_LIMIT_KINDS as [string, ...string[]], {
          error: (iss) =>
            `unknown kind of step "${String(iss.input)}"; known: ${STEP_LIMIT_KINDS.join(', ')}`,
        }),
        z.number().int('must be a whole number of working days').min(1).max(30),
      )
      .default({}),
  }),
});

/** 人员 — one official, reached on Lark by openId, or by mobile/email resolved at start-up. */
export type Person = z.output<typeof personSchema>;
/** 部门 / 镇街 — a department, town or subdistrict with its main head, deputies, staff and 分管副区长. */
export type Department = z.output<typeof departmentSchema>;
/** 单位类别 — 部门 (department), 镇 (town) or 街道 (subdistrict). */
export type DepartmentKind = Department['kind'];
/** 职能 — the four units the workflows route to by what they do (§20, §38, §56, §71). */
export type DepartmentFunction = NonNullable<Department['function']>;
/** 工作群 — a Lark group chat the bot posts to. */
export type ChatRef = z.output<typeof chatSchema>;
/** 群类别 — 区政府领导群, 督查室群 or 政府办群. */
export type ChatKind = (typeof CHAT_KINDS)[number];
/** 区政府领导 — head, executive vice head, vice heads with their AB角 (§6–§8), office director. */
export type Leaders = z.output<typeof leadersSchema>;
/** 组织架构 — the whole org file, validated. */
export type Org = z.output<typeof orgSchema>;

/** 配置问题 — one thing wrong with the org file: a JSON path like `departments[3].supervisor`, and what. */
export interface OrgProblem {
  path: string;
  message: string;
}

/** `['departments', 3, 'supervisor']` → `departments[3].supervisor`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(root)' : out;
}

type ShapeResult = { ok: true; org: Org } | { ok: false; problems: OrgProblem[] };

function parseShape(raw: unknown): ShapeResult {
  const r = orgSchema.safeParse(raw, {
    error: (iss) =>
      (iss.code === 'invalid_type' || iss.code === 'invalid_value') && iss.input === undefined
        ? 'missing (required)'
        : undefined,
  });
  if (r.success) return { ok: true, org: r.data };
  // An unknown key is usually a typo of an optional one, which zod would otherwise drop silently.
  const problems = r.error.issues.flatMap((iss) =>
    iss.code === 'unrecognized_keys'
      ? iss.keys.map((k) => ({ path: formatPath([...iss.path, k]), message: 'unknown field (a typo?)' }))
      : [{ path: formatPath(iss.path), message: iss.message }],
  );
  return { ok: false, problems };
}

/** The parts of the file that do parse, index-aligned, so cross-checks still run beside shape errors. */
interface OrgParts {
  people: Array<Person | undefined>;
  /** Every id given in `people`, even on an entry with other errors; undefined when `people` is unusable. */
  knownIds: Set<string> | undefined;
  leaders: Leaders | undefined;
  /** undefined when `departments` is not a list at all. */
  departments: Array<Department | undefined> | undefined;
  chats: Array<[ChatKind, ChatRef]>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function salvage(raw: unknown): OrgParts {
  const o = isRecord(raw) ? raw : {};
  const chats = isRecord(o.chats) ? o.chats : {};
  return {
    people: list(o.people).map((p) => personSchema.safeParse(p).data),
    knownIds: Array.isArray(o.people)
      ? new Set(o.people.flatMap((p) => (isRecord(p) && typeof p.id === 'string' ? [p.id] : [])))
      : undefined,
    leaders: leadersSchema.safeParse(o.leaders).data,
    departments: Array.isArray(o.departments)
      ? o.departments.map((d) => departmentSchema.safeParse(d).data)
      : undefined,
    chats: CHAT_KINDS.flatMap((k) => {
      const c = chatSchema.safeParse(chats[k]).data;
      return c ? [[k, c] as [ChatKind, ChatRef]] : [];
    }),
  };
}

function partsOf(org: Org): OrgParts {
  return {
    people: org.people,
    knownIds: new Set(org.people.map((p) => p.id)),
    leaders: org.leaders,
    departments: org.departments,
    chats: CHAT_KINDS.map((k) => [k, org.chats[k]]),
  };
}

/** Chinese mobiles match with or without +86, as Lark treats them. */
export const normaliseMobile = (m: string): string => m.replace(/^\+86/, '');
export const normaliseEmail = (e: string): string => e.trim().toLowerCase();

const FUNCTION_NAMES: Record<DepartmentFunction, string> = {
  government_office: '区政府办公室 (receives leave filings and topics, §38, §71)',
  justice: '区司法局 (legality review, §25, §41)',
  supervision: '区政府督查室 (the supervision ledger, §56–§58)',
  finance: '区财政局 (pays approved funds, §56)',
};

/** Cross-reference checks; every problem is collected, and parts that failed their shape are skipped. */
function crossCheck(parts: OrgParts): OrgProblem[] {
  const problems: OrgProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const names = new Map(parts.people.flatMap((p) => (p ? [[p.id, p.name] as const] : [])));
  const who = (id: string) => (names.has(id) ? `"${id}" (${names.get(id)})` : `"${id}"`);
  const known = (path: string, id: string): boolean => {
    if (!parts.knownIds || parts.knownIds.has(id)) return true;
    add(path, `unknown person "${id}": no one in people has this id`);
    return false;
  };

  checkPeople(parts, add);

  const L = parts.leaders;
  const viceHeads = new Set(L?.viceHeads.map((v) => v.person));
  if (L) {
    known('leaders.head', L.head);
    known('leaders.officeDirector', L.officeDirector);
    if (known('leaders.executiveViceHead', L.executiveViceHead) && !viceHeads.has(L.executiveViceHead)) {
      add(
        'leaders.executiveViceHead',
        `${who(L.executiveViceHead)} must also be listed in leaders.viceHeads`,
      );
    }
    const p = L.designatedPresider;
    if (known('leaders.designatedPresider', p)) {
      if (p === L.executiveViceHead) {
        add(
          'leaders.designatedPresider',
          `${who(p)} is the executive vice head; §8 needs another vice head for when the head and the executive vice head are both away`,
        );
      } else if (!viceHeads.has(p)) {
        add(
          'leaders.designatedPresider',
          `${who(p)} is not a vice head; §8 says the head designates one of the vice heads`,
        );
      }
    }
    checkViceHeads(L, known, who, add);
  }

  checkDepartments(parts, viceHeads, known, who, add);

  for (const [kind, chat] of parts.chats) {
    chat.members.forEach((m, k) => {
      known(`chats.${kind}.members[${k}]`, m);
    });
  }
  return problems;
}

type Add = (path: string, message: string) => void;
type Known = (path: string, id: string) => boolean;
type Who = (id: string) => string;

function checkPeople(parts: OrgParts, add: Add): void {
  // Two people with one Lark account would make "who tapped this button" ambiguous.
  const seen = { id: new Map<string, number>(), openId: new Map(), mobile: new Map(), email: new Map() };
  const once = (key: keyof typeof seen, value: string | undefined, i: number, what: string) => {
    if (value === undefined) return;
    const first = seen[key].get(value);
    if (first === undefined) seen[key].set(value, i);
    else add(`people[${i}].${key}`, `duplicate ${what} "${value}": already used by people[${first}]`);
  };
  parts.people.forEach((p, i) => {
    if (!p) return;
    once('id', p.id, i, 'person id');
    once('openId', p.openId, i, 'openId');
    once('mobile', p.mobile && normaliseMobile(p.mobile), i, 'mobile');
    once('email', p.email && normaliseEmail(p.email), i, 'email');
    if (!p.openId && !p.mobile && !p.email) {
      add(
        `people[${i}]`,
        `${p.name} ("${p.id}") has no openId, mobile or email, so the bot could not reach them`,
      );
    }
  });
}

function checkViceHeads(L: Leaders, known: Known, who: Who, add: Add): void {
  const partnerOf = new Map<string, string | undefined>();
  L.viceHeads.forEach((v, i) => {
    const path = `leaders.viceHeads[${i}]`;
    if (!known(`${path}.person`, v.person)) return;
    if (v.person === L.head) add(`${path}.person`, `the head ${who(v.person)} can not also be a vice head`);
    if (partnerOf.has(v.person)) add(`${path}.person`, `${who(v.person)} is listed as a vice head twice`);
    else partnerOf.set(v.person, v.abPartner);
  });
  L.viceHeads.forEach((v, i) => {
    const b = v.abPartner;
    const path = `leaders.viceHeads[${i}].abPartner`;
    if (b === undefined || !known(path, b)) return;
    if (b === v.person) add(path, `${who(b)} is named as their own AB partner`);
    else if (!partnerOf.has(b))
      add(path, `${who(b)} is not a vice head; AB partners (AB角) are vice heads (§8)`);
    else if (partnerOf.get(b) !== v.person && partnerOf.get(b) !== b) {
      // A partner who names themselves is reported on their own line; saying it twice would only confuse.
      const back = partnerOf.get(b);
      add(
        path,
        `AB partnership is not mutual: ${who(b)} names ${back ? who(back) : 'no one'} as AB partner, not ${who(v.person)}`,
      );
    }
  });
}

function checkDepartments(parts: OrgParts, viceHeads: Set<string>, known: Known, who: Who, add: Add): void {
  const ids = new Map<string, number>();
  const functions = new Map<DepartmentFunction, number>();
  // departmentOf() answers with one department, so a person may belong to only one.
  const member = new Map<string, { dept: number; mainHead: boolean }>();
  const departments = parts.departments ?? [];
  departments.forEach((d, i) => {
    if (!d) return;
    const at = `departments[${i}]`;
    const firstId = ids.get(d.id);
    if (firstId === undefined) ids.set(d.id, i);
    else add(`${at}.id`, `duplicate department id "${d.id}": already used by departments[${firstId}]`);
    if (d.function) {
      const first = functions.get(d.function);
      if (first === undefined) functions.set(d.function, i);
      else add(`${at}.function`, `"${d.function}" is already the function of departments[${first}]`);
    }
    if (known(`${at}.supervisor`, d.supervisor) && parts.leaders && !viceHeads.has(d.supervisor)) {
      add(
        `${at}.supervisor`,
        `${who(d.supervisor)} is not a vice head; each department is supervised by one (分管副区长)`,
      );
    }
    const roles: Array<[string, string, boolean]> = [
      [`${at}.mainHead`, d.mainHead, true],
      ...d.deputies.map((id, k): [string, string, boolean] => [`${at}.deputies[${k}]`, id, false]),
      ...d.staff.map((id, k): [string, string, boolean] => [`${at}.staff[${k}]`, id, false]),
    ];
    for (const [path, id, mainHead] of roles) {
      if (!known(path, id)) continue;
      const prev = member.get(id);
      if (!prev) member.set(id, { dept: i, mainHead });
      else if (prev.dept === i && prev.mainHead)
        add(path, `${who(id)} is already this department's main head`);
      else if (prev.dept === i) add(path, `${who(id)} is listed twice in this department`);
      else if (prev.mainHead && mainHead)
        add(path, `${who(id)} is already the main head of departments[${prev.dept}]`);
      else
        add(
          path,
          `${who(id)} already belongs to departments[${prev.dept}]; a person belongs to one department`,
        );
    }
  });
  // A department that failed its shape may be the one with the function: say nothing rather than guess.
  if (!parts.departments || parts.departments.some((d) => d === undefined)) return;
  for (const [fn, name] of Object.entries(FUNCTION_NAMES) as Array<[DepartmentFunction, string]>) {
    if (!functions.has(fn)) add('departments', `no department has function "${fn}": ${name} is required`);
  }
}

/** 校验组织架构 — shape and cross-references, every problem at once. */
export function parseOrg(raw: unknown): { ok: true; org: Org } | { ok: false; problems: OrgProblem[] } {
  const shape = parseShape(raw);
  if (shape.ok) {
    const problems = crossCheck(partsOf(shape.org));
    return problems.length === 0 ? shape : { ok: false, problems };
  }
  return { ok: false, problems: [...shape.problems, ...crossCheck(salvage(raw))] };
}

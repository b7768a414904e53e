import { readFile } from 'node:fs/promises';
import {
  indexOrg,
  normaliseEmail,
  normaliseMobile,
  type Org,
  type OrgIndex,
  type OrgProblem,
  type Person,
  parseOrg,
} from './domain/org.ts';

/** Looks up open_ids by mobile and email (Lark contact batch_get_id); keys as Lark returns them. */
export type ResolveIds = (q: { mobiles: string[]; emails: string[] }) => Promise<{
  byMobile: Record<string, string>;
  byEmail: Record<string, string>;
}>;

export interface LoadedOrg {
  org: Org;
  index: OrgIndex;
  warnings: string[];
}

/** The org file can not be used; `problems` is empty when it could not be read or is not JSON. */
export class OrgFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly problems: OrgProblem[] = [],
  ) {
    super(message);
    this.name = 'OrgFileError';
  }
}

export async function loadOrg(file: string, resolve?: ResolveIds): Promise<LoadedOrg> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new OrgFileError(
      file,
      `组织架构文件无法读取 (cannot read org file) ${file}: ${(err as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new OrgFileError(
      file,
      `组织架构文件不是有效的 JSON (org file is not valid JSON) ${file}: ${(err as Error).message}`,
    );
  }
  const parsed = parseOrg(raw);
  if (!parsed.ok) {
    const lines = parsed.problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n');
    throw new OrgFileError(
      file,
      `组织架构文件有误 (invalid org file) ${file}, ${parsed.problems.length} problem(s):\n${lines}`,
      parsed.problems,
    );
  }
  const { org, warnings } = await resolveOpenIds(parsed.org, resolve);
  return { org, index: indexOrg(org), warnings };
}

const tried = (p: Person) =>
  `${p.name} (${p.id}; ${[p.mobile && `mobile ${p.mobile}`, p.email && `email ${p.email}`].filter(Boolean).join(', ')})`;

/** Fills in open_ids in one batch; whoever stays unmatched is kept without one and named in ONE warning. */
async function resolveOpenIds(
  org: Org,
  resolve: ResolveIds | undefined,
): Promise<{ org: Org; warnings: string[] }> {
  const pending = org.people.filter((p) => !p.openId);
  if (pending.length === 0) return { org, warnings: [] };
  const byMobile = new Map<string, string>();
  const byEmail = new Map<string, string>();
  let failure = resolve ? '' : 'no contact lookup is configured';
  if (resolve) {
    const mobiles = [...new Set(pending.flatMap((p) => (p.mobile ? [p.mobile] : [])))];
    const emails = [...new Set(pending.flatMap((p) => (p.email ? [p.email] : [])))];
    try {
      const found = await resolve({ mobiles, emails });
      // Lark may echo a mobile without +86 or an email in another case than the file has.
      for (const [m, id] of Object.entries(found.byMobile)) byMobile.set(normaliseMobile(m), id);
      for (const [e, id] of Object.entries(found.byEmail)) byEmail.set(normaliseEmail(e), id);
    } catch (err) {
      // Start anyway: everyone else can still use the bot, and the warning says who can not.
      failure = `the contact lookup failed: ${(err as Error).message}`;
    }
  }
  const taken = new Map(org.people.flatMap((p) => (p.openId ? [[p.openId, p.id] as const] : [])));
  const unmatched: string[] = [];
  const clashes: string[] = [];
  const people = org.people.map((p) => {
    if (p.openId) return p;
    const openId =
      (p.mobile && byMobile.get(normaliseMobile(p.mobile))) ||
      (p.email && byEmail.get(normaliseEmail(p.email)));
    if (!openId) {
      unmatched.push(tried(p));
      return p;
    }
    const owner = taken.get(openId);
    if (owner) {
      // One Lark account for two people would make every tap ambiguous; keep the first.
      clashes.push(`${tried(p)} resolved to ${openId}, which already belongs to ${owner}`);
      return p;
    }
    taken.set(openId, p.id);
    return { ...p, openId };
  });
  const warnings: string[] = [];
  if (unmatched.length > 0) {
    const why = failure || 'no Lark user has that mobile or email';
    warnings.push(
      `${unmatched.length} people have no Lark open_id (${why}); they get no messages until fixed: ${unmatched.join('; ')}`,
    );
  }
  if (clashes.length > 0) warnings.push(`people left without an open_id: ${clashes.join('; ')}`);
  return { org: { ...org, people }, warnings };
}

import type { Command } from '../../bot/command.ts';
import { CHAT_KINDS, type OrgIndex, type Person } from '../../domain/org.ts';

export interface PagePerson {
  id: string;
  name: string;
  title: string;
  openId: string;
  /** e.g. `区教育局 主要负责人`, `副区长`. */
  role: string;
}

export interface PageDirectory {
  people: PagePerson[];
  /** The "who am I" picker: leaders first, then each department in the org file's order. */
  groups: Array<{ label: string; people: string[] }>;
  chats: Array<{ chatId: string; name: string; kind: string; members: string[] }>;
}

/** Everyone the page can play, grouped as an official would look for them. */
export function pageDirectory(org: OrgIndex): PageDirectory {
  const people = org.people().flatMap((p) =>
    p.openId
      ? [
          {
            id: p.id,
            name: p.name,
            title: p.title,
            openId: p.openId,
            role: org.primaryRole(p.id)?.label ?? '',
          },
        ]
      : [],
  );
  const known = new Set(people.map((p) => p.id));
  const placed = new Set<string>();
  const take = (ids: string[]) =>
    ids.filter((id) => known.has(id) && !placed.has(id) && placed.add(id) !== undefined);
  const groups = [
    { label: '区政府领导', people: take([...org.leaders().map((p) => p.id), org.officeDirector().id]) },
    ...org
      .departments()
      .map((d) => ({ label: d.name, people: take([d.mainHead, ...d.deputies, ...d.staff]) })),
  ];
  const rest = take(people.map((p) => p.id));
  if (rest.length > 0) groups.push({ label: '其他人员', people: rest });
  const chats = CHAT_KINDS.map((kind) => {
    const c = org.chat(kind);
    return { chatId: c.chatId, name: c.name, kind, members: [...c.members] };
  });
  return { people, groups: groups.filter((g) => g.people.length > 0), chats };
}

/** The command chips: each command with who may use it (`who` absent: everyone). */
export function pageCommands(commands: readonly Command<unknown>[], org: OrgIndex) {
  const people = org.people().filter((p): p is Person & { openId: string } => p.openId !== undefined);
  return commands.map((c) => {
    const allowed = people.filter((p) =>
      c.who.allows({ actor: { person: p, openId: p.openId, role: org.primaryRole(p.id) }, org }),
    );
    return {
      word: c.aliases[0] ?? c.name,
      summary: c.summary,
      ...(allowed.length < people.length ? { who: allowed.map((p) => p.id) } : {}),
    };
  });
}

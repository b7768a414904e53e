import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface DirectoryEntry {
  openId: string;
  name: string;
  mobile?: string;
  email?: string;
}

/**
 * The sandbox's "tenant": everyone in the org file, so that people listed by mobile or email resolve
 * through the contact API exactly as they would against real Lark (their open_id is derived).
 */
export function sandboxDirectory(orgFile: string): {
  people: DirectoryEntry[];
  chats: Array<{ chatId: string; name: string; members: string[] }>;
} {
  const raw = JSON.parse(readFileSync(orgFile, 'utf8')) as {
    people?: Array<{ id: string; name: string; openId?: string; mobile?: string; email?: string }>;
    chats?: Record<string, { chatId: string; name: string; members: string[] }>;
  };
  const people = (raw.people ?? []).map((p) => ({
    openId: p.openId ?? `ou_${createHash('md5').update(`sandbox:${p.id}`).digest('hex')}`,
    name: p.name,
    mobile: p.mobile,
    email: p.email,
  }));
  const byId = new Map((raw.people ?? []).map((p, i) => [p.id, people[i]!.openId]));
  const chats = Object.values(raw.chats ?? {}).map((c) => ({
    chatId: c.chatId,
    name: c.name,
    members: c.members.map((m) => byId.get(m) ?? m),
  }));
  return { people, chats };
}

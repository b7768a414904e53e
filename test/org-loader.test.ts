import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadOrg, OrgFileError, type ResolveIds } from '../src/org-loader.ts';

const exampleText = readFileSync(new URL('../data/org.example.json', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'org-loader-'));
let n = 0;
const write = (text: string) => {
  const file = join(dir, `org-${n++}.json`);
  writeFileSync(file, text);
  return file;
};
const none: ResolveIds = async () => ({ byMobile: {}, byEmail: {} });

describe('loadOrg', () => {
  it('names the file when it is missing', async () => {
    const file = join(dir, 'absent.json');
    await expect(loadOrg(file)).rejects.toThrow(`cannot read org file) ${file}`);
  });

  it('names the file when it is not JSON', async () => {
    const file = write('{ "district": ');
    await expect(loadOrg(file)).rejects.toThrow(new RegExp(`not valid JSON.*${file}`));
  });

  it('lists every problem with its path, one per line', async () => {
    const org = JSON.parse(exampleText);
    org.schedule.digestTime = '8:30';
    org.departments[5].supervisor = 'li-mingyuan';
    org.leaders.viceHeads[4].abPartner = 'sun-haiyan';
    const file = write(JSON.stringify(org));
    const err = await loadOrg(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OrgFileError);
    const { message, problems } = err as OrgFileError;
    expect(message.split('\n')).toEqual([
      `组织架构文件有误 (invalid org file) ${file}, 3 problem(s):`,
      '  - schedule.digestTime: must be a time of day as HH:mm, like 08:30',
      expect.stringMatching(/^ {2}- leaders\.viceHeads\[4\]\.abPartner: .*own AB partner/),
      expect.stringMatching(
        /^ {2}- departments\[5\]\.supervisor: "li-mingyuan" \(李明远\) is not a vice head/,
      ),
    ]);
    expect(problems).toHaveLength(3);
  });

  it('resolves people without openId in one batch and names the unmatched in one warning', async () => {
    const resolve = vi.fn<ResolveIds>(async () => ({
      // Lark may answer without +86 and in another case: both still match.
      byMobile: { '13800000301': 'ou_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      byEmail: { 'YuanFang@xinqiu.example': 'ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    }));
    const { org, index, warnings } = await loadOrg(write(exampleText), resolve);
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(resolve).toHaveBeenCalledWith({
      mobiles: ['+8613800000301', '+8613800001503'],
      emails: ['yuanfang@xinqiu.example'],
    });
    expect(index.openIdOf('han-xue')).toBe('ou_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(index.personByOpenId('ou_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')?.id).toBe('yuan-fang');
    expect(index.openIdOf('guo-liang')).toBeUndefined();
    expect(org.people.find((p) => p.id === 'guo-liang')).toBeDefined();
    expect(warnings).toEqual([
      expect.stringMatching(/^1 people have no Lark open_id.*郭亮 \(guo-liang; mobile \+8613800001503\)/),
    ]);
  });

  it('lists all unmatched people in a single warning', async () => {
    const { warnings } = await loadOrg(write(exampleText), none);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^3 people .*韩雪.*袁芳 \(yuan-fang; email yuanfang@xinqiu\.example\).*郭亮/);
  });

  it('warns, and still loads, without a resolver or when the lookup fails', async () => {
    const file = write(exampleText);
    expect((await loadOrg(file)).warnings).toEqual([
      expect.stringMatching(/no contact lookup is configured/),
    ]);
    const failing: ResolveIds = async () => {
      throw new Error('99991672 no permission');
    };
    expect((await loadOrg(file, failing)).warnings).toEqual([
      expect.stringMatching(/contact lookup failed: 99991672 no permission.*韩雪/),
    ]);
  });

  it('does not give one Lark account to two people', async () => {
    const taken = JSON.parse(exampleText).people[0].openId as string;
    const resolve: ResolveIds = async () => ({ byMobile: { '+8613800000301': taken }, byEmail: {} });
    const { index, warnings } = await loadOrg(write(exampleText), resolve);
    expect(index.openIdOf('han-xue')).toBeUndefined();
    expect(index.personByOpenId(taken)?.id).toBe('zhou-jianguo');
    expect(warnings).toContainEqual(expect.stringMatching(/韩雪 .*already belongs to zhou-jianguo/));
  });

  it('makes no call when everyone has an openId', async () => {
    const org = JSON.parse(exampleText);
    org.people = org.people.map((p: { id: string; name: string; title: string }) => ({
      id: p.id,
      name: p.name,
      title: p.title,
      openId: `ou_${p.id.replace(/-/g, '')}`,
    }));
    const resolve = vi.fn<ResolveIds>(none);
    expect((await loadOrg(write(JSON.stringify(org)), resolve)).warnings).toEqual([]);
    expect(resolve).not.toHaveBeenCalled();
  });
});

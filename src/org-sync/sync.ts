import { existsSync, readFileSync, unwatchFile, watchFile } from 'node:fs';
import { createOut } from '../bot/out.ts';
import type { Calendar } from '../domain/calendar.ts';
import type { Org } from '../domain/org.ts';
import type { Logger } from '../logger.ts';
import { loadOrg, OrgFileError, type ResolveIds } from '../org-loader.ts';
import type { Job } from '../scheduler/job.ts';
import type { Store } from '../store/port.ts';
import { applyOrgChange, type SyncOutcome } from './apply-change.ts';
import type { ContactApi } from './contact-api.ts';
import { importOrg } from './import.ts';
import type { LiveOrg } from './live-org.ts';
import { orgText, writeFileAtomic } from './org-file.ts';
import { parseRoles } from './roles.ts';

export type { SyncOutcome } from './apply-change.ts';

export interface OrgSyncDeps {
  live: LiveOrg;
  orgFile: string;
  rolesFile: string;
  /** The contact API (Lark, or the sandbox's); without it the bot only follows edits of the org file. */
  api?: ContactApi;
  /** Resolves mobiles and emails of a hand-written org file, as at start-up. */
  resolveIds?: ResolveIds;
  store: Store;
  calendar: Calendar;
  logger: Logger;
  clock: () => Date;
  /** Wakes the outbox sender after messages were queued. */
  onQueued: () => void;
  /** Write the org file after a refresh from Lark (not the sandbox's example file). */
  writeOrgFile: boolean;
  /** Contact events come in bursts (an administrator moving ten people); one refresh after the burst. */
  debounceMs?: number;
  /** How often the org and roles files are checked for an edit (fs.watchFile, robust to editors' renames). */
  watchIntervalMs?: number;
}

export interface OrgSync {
  /** Re-reads the directory from Lark with the roles file, and applies the result or refuses it. */
  refresh(reason: string): Promise<SyncOutcome>;
  /** Takes an edit of the org file (validated; a broken one is refused and the org in use kept). */
  reloadOrgFile(): Promise<SyncOutcome>;
  /** A contact change event (contact.user.*_v3, contact.department.updated_v3): a refresh after the burst. */
  onContactEvent(e: { eventType: string; eventId: string }): void;
  /** The daily refresh, run by the scheduler at the roles file's `schedule.directoryRefresh`. */
  readonly job: Job;
  /** Watches both files; in import mode (a roles file exists) also refreshes from Lark once. */
  start(): void;
  stop(): void;
  /** Resolves when no refresh or reload is running or waiting (tests, shutdown). */
  idle(): Promise<void>;
  /** Whether a roles file exists: the org comes from Lark plus the roles file. */
  importMode(): boolean;
  /** What the last refresh or reload did (health reports, tests). */
  last(): (SyncOutcome & { at: string; source: 'lark' | 'file' }) | undefined;
}

const read = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

function initialRefreshTime(file: string): string {
  try {
    const r = parseRoles(JSON.parse(read(file) ?? ''));
    return r.ok ? r.roles.schedule.directoryRefresh : '06:30';
  } catch {
    return '06:30';
  }
}

export function createOrgSync(d: OrgSyncDeps): OrgSync {
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // The roles file's time, once read; the scheduler asks before the first refresh has parsed it.
  let refreshTime = initialRefreshTime(d.rolesFile);
  let lastOrgText = read(d.orgFile);
  let lastRolesText = read(d.rolesFile);
  let lastRefusal = '';
  let lastRefreshMs = 0;
  let last: ReturnType<OrgSync['last']>;
  const record = (source: 'lark' | 'file', o: SyncOutcome): SyncOutcome => {
    // Outside import mode a refresh does nothing, and an org file seen again unchanged (the watcher noticing,
    // seconds later, the file the refresh itself wrote) is nothing either: neither is reported over what did
    // happen.
    const nothing =
      !o.applied && (o.reason === 'not_import_mode' || (source === 'file' && o.reason === 'unchanged'));
    if (!nothing) last = { ...o, source, at: new Date().toISOString() };
    return o;
  };
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const importMode = () => existsSync(d.rolesFile);

  const apply = (next: Org, source: 'lark' | 'file', warnings: string[]) =>
    applyOrgChange({ ...d, next, source, warnings });

  async function refuse(source: 'lark' | 'file', problems: string[]): Promise<SyncOutcome> {
    d.logger.error(
      { source, problems },
      `${source === 'lark' ? '通讯录同步' : '组织架构文件的修改'}未生效，仍使用原组织架构 (org update refused, the org in use is kept):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    // The government office hears of a refresh that failed, once per distinct reason, not every day.
    const text = problems.join('\n');
    if (source === 'lark' && text !== lastRefusal) {
      lastRefusal = text;
      const chatId = d.live.index.chat('governmentOffice').chatId;
      await d.store.transact((data) => {
        createOut(data, undefined).send(
          { chatId },
          `飞书通讯录同步未生效，机器人仍使用原组织架构。原因：\n${problems
            .slice(0, 10)
            .map((p) => `· ${p}`)
            .join('\n')}${problems.length > 10 ? `\n…共 ${problems.length} 条` : ''}`,
        );
      });
      d.onQueued();
    }
    return { applied: false, reason: 'refused', problems };
  }

  async function refreshNow(reason: string): Promise<SyncOutcome> {
    if (!importMode() || !d.api) return { applied: false, reason: 'not_import_mode' };
    lastRefreshMs = Date.now();
    const text = read(d.rolesFile) ?? '';
    lastRolesText = text;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      return refuse('lark', [
        `角色文件不是有效的 JSON (roles file is not valid JSON) ${d.rolesFile}: ${(err as Error).message}`,
      ]);
    }
    const roles = parseRoles(raw);
    if (!roles.ok)
      return refuse(
        'lark',
        roles.problems.map((p) => `[角色文件 roles] ${p.path}: ${p.message}`),
      );
    refreshTime = roles.roles.schedule.directoryRefresh;
    d.logger.info({ reason }, 'reading the directory from Lark');
    const r = await importOrg({ api: d.api, roles: roles.roles, previous: d.live.current() });
    if (!r.ok) return refuse('lark', r.problems);
    // Not wrong, but worth an administrator's look (a person in two units, a vice head supervising nothing).
    for (const w of r.warnings) d.logger.warn({ source: 'lark' }, w);
    lastRefusal = '';
    const outcome = await apply(r.org, 'lark', r.warnings);
    const text2 = orgText(d.live.current());
    if (d.writeOrgFile && read(d.orgFile) !== text2) {
      await writeFileAtomic(d.orgFile, text2);
    }
    lastOrgText = read(d.orgFile);
    return outcome;
  }

  async function reloadNow(): Promise<SyncOutcome> {
    const text = read(d.orgFile);
    if (text === lastOrgText) return { applied: false, reason: 'unchanged' };
    lastOrgText = text;
    try {
      const loaded = await loadOrg(d.orgFile, d.resolveIds);
      for (const w of loaded.warnings) d.logger.warn(w);
      if (importMode())
        d.logger.warn(
          'the org file was edited by hand; the next refresh from Lark rebuilds it — edit the roles file instead',
        );
      return await apply(loaded.org, 'file', loaded.warnings);
    } catch (err) {
      if (!(err instanceof OrgFileError)) throw err;
      return refuse(
        'file',
        err.problems.length > 0 ? err.problems.map((p) => `${p.path}: ${p.message}`) : [err.message],
      );
    }
  }

  const refresh = (reason: string) => serial(async () => record('lark', await refreshNow(reason)));
  const reloadOrgFile = () => serial(async () => record('file', await reloadNow()));

  function onRolesEdit(): void {
    if (read(d.rolesFile) === lastRolesText) return;
    void refresh('roles file edited').catch((err) =>
      d.logger.error({ err }, 'refresh after a roles file edit failed'),
    );
  }

  function onOrgEdit(): void {
    void reloadOrgFile().catch((err) => d.logger.error({ err }, 'reloading the org file failed'));
  }

  return {
    refresh,
    reloadOrgFile,
    onContactEvent(e) {
      if (stopped || !importMode() || !d.api) return;
      d.logger.debug({ eventType: e.eventType, eventId: e.eventId }, 'contact change: refresh scheduled');
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void refresh(`contact event ${e.eventType}`).catch((err) =>
          d.logger.error({ err }, 'refresh after a contact event failed'),
        );
      }, d.debounceMs ?? 10_000);
    },
    job: {
      name: 'directory-refresh',
      time: () => refreshTime,
      workingDaysOnly: false,
      oncePerDay: true,
      async run() {
        const r = await refresh('daily');
        return { applied: r.applied, ...(r.applied ? {} : { reason: r.reason }) };
      },
    },
    start() {
      const interval = d.watchIntervalMs ?? 2000;
      watchFile(d.orgFile, { interval, persistent: false }, onOrgEdit);
      watchFile(d.rolesFile, { interval, persistent: false }, onRolesEdit);
      // Main's catch-up tick may have just run the daily refresh; a restart later in the day still reads.
      if (importMode() && d.api && Date.now() - lastRefreshMs > 60_000)
        void refresh('start-up').catch((err) => d.logger.error({ err }, 'refresh at start-up failed'));
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      unwatchFile(d.orgFile, onOrgEdit);
      unwatchFile(d.rolesFile, onRolesEdit);
    },
    async idle() {
      for (;;) {
        const c = chain;
        await c;
        if (c === chain && !timer) return;
        if (timer) await new Promise((r) => setTimeout(r, 10));
      }
    },
    importMode,
    last: () => last,
  };
}

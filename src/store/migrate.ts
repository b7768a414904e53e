import type { StoreData } from './schema.ts';

/**
 * The version of the data files this build writes. Each bump adds one step below that turns a file of
 * the previous version into the next; a file is migrated step by step when it is opened, and the
 * migrated data is written back at once as a fresh snapshot. (A build never opens a newer file: to roll
 * back after an upgrade, restore the backup taken before it.)
 */
export const SCHEMA_VERSION = 3;

type Step = (data: StoreData) => void;

const STEPS: Record<number, Step> = {
  // v1 → v2: a message that failed for good records when it failed, so the office's list and /healthz
  // can say for how long. A v1 file never recorded it: its last attempt is unknown, its creation is
  // the best lower bound.
  1: (data) => {
    data.outbox = data.outbox.map((e) =>
      e.status === 'failed' && e.failedAt === undefined ? { ...e, failedAt: e.createdAt } : e,
    );
  },
  // v2 → v3: the Approval Center (三方审批, issue 17) keeps its definitions and what each external
  // instance was last synced as. A v2 file has neither: nothing was ever synced, so both start empty
  // (the first start with APPROVAL_CENTER=on upserts the definitions and syncs what waits).
  2: (data) => {
    const d = data as Partial<StoreData>;
    data.approvalDefinitions = d.approvalDefinitions ?? {};
    data.approvalInstances = d.approvalInstances ?? {};
  },
};

/** Brings data of any older version up to SCHEMA_VERSION; says whether anything was migrated. */
export function migrate(data: StoreData): boolean {
  const from = data.schemaVersion;
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = STEPS[v];
    if (!step) throw new Error(`no migration from schema version ${v} to ${v + 1}`);
    step(data);
    data.schemaVersion = v + 1;
  }
  return from !== SCHEMA_VERSION;
}

/** The archive's per-year files: `{ schemaVersion, items }`; v1 files had no version. */
export const ARCHIVE_SCHEMA_VERSION = 2;

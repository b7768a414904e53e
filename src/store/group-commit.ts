/**
 * Group commit, shared by the durable store and the test store: at most one write in flight and one
 * queued behind it; every change made meanwhile rides on the queued write, which collects the changes
 * only when it starts (so a burst of transactions costs two writes, not one each).
 */
export interface GroupCommit {
  /** Starts a write, or joins the one queued behind the write in flight. */
  flush(): Promise<void>;
  /** The write that will carry every change made so far (the queued one, else the one in flight). */
  pending(): Promise<void> | undefined;
  /** Resolves once no write is in flight or queued (a failed write counts as done). */
  idle(): Promise<void>;
}

export function createGroupCommit(writeOnce: () => Promise<void>): GroupCommit {
  let writing: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const write = (): Promise<void> => {
    const p: Promise<void> = writeOnce().finally(() => {
      if (writing === p) writing = undefined;
    });
    writing = p;
    return p;
  };
  const pending = () => queued ?? writing;
  return {
    flush() {
      if (queued) return queued;
      if (!writing) return write();
      const q: Promise<void> = writing
        .catch(() => undefined)
        .then(() => {
          queued = undefined;
          return write();
        });
      queued = q;
      return q;
    },
    pending,
    async idle() {
      while (pending()) await pending()?.catch(() => undefined);
    },
  };
}

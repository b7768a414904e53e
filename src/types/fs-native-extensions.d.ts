// The package ships no types; only what the data-folder lock uses.
declare module 'fs-native-extensions' {
  /** An exclusive (or shared) lock on the whole file; false when another holder has it. */
  export function tryLock(fd: number, opts?: { shared?: boolean }): boolean;
  export function unlock(fd: number): void;
  const fsx: { tryLock: typeof tryLock; unlock: typeof unlock };
  export default fsx;
}

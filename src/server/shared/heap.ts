import v8 from 'node:v8';

let holders = 0;

/**
 * While an import runs, V8's old generation may grow to 1.5× what was live after a full
 * collection, instead of up to 4× (its default on a machine with this much memory). An import of
 * 100,000 rows keeps ~100 MB live, yet by default the process peaked at 540-590 MB of uncollected
 * garbage; with this, 331-353 MB at the same speed (docs/performance.md, "Import memory"). Only
 * while imports run: the more frequent full collections slowed a CSV export by ~10 %.
 * Returns the release; the default comes back when the last import ends.
 */
export function holdHeapNearLive(): () => void {
  if (holders++ === 0) v8.setFlagsFromString('--heap-growing-percent=50');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) v8.setFlagsFromString('--heap-growing-percent=0'); // 0: V8 chooses again
  };
}

/**
 * A probe (e.g. "does storage answer?") that runs at most once per `ttlMs`: callers in between get
 * the last result, and callers while it runs share that run. Keeps a health endpoint that anyone
 * can call from turning into one storage request per call.
 */
export function cachedProbe<T>(probe: () => Promise<T>, ttlMs: number, now: () => number): () => Promise<T> {
  let last: { value: T; at: number } | null = null;
  let running: Promise<T> | null = null;
  return () => {
    if (last && now() - last.at < ttlMs) return Promise.resolve(last.value);
    running ??= probe()
      .then((value) => {
        last = { value, at: now() };
        return value;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
}

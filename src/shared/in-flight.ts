/** Counts work in progress so that shutdown can wait for it (bounded) instead of cutting it off. */
export interface InFlight {
  track<T>(work: Promise<T>): Promise<T>;
  readonly count: number;
  /** Resolves when nothing is in flight, or after `timeoutMs`; returns how many were left. */
  drain(timeoutMs: number): Promise<number>;
}

export function createInFlight(): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    count -= 1;
    if (count === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };
  return {
    get count() {
      return count;
    },
    track<T>(work: Promise<T>): Promise<T> {
      count += 1;
      return work.finally(settle);
    },
    drain(timeoutMs: number): Promise<number> {
      if (count === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(count), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(0);
        });
      });
    },
  };
}

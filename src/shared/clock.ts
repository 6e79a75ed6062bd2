/** The app's notion of now. Injected everywhere so that tests and the demo can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at one instant (`FOLLOWUP_NOW`): dev and test only, refused in production. */
export function fixedClock(instant: Date): Clock {
  const frozen = instant.getTime();
  return { now: () => new Date(frozen) };
}

/**
 * The process environment, for the entry points (src/index.ts and src/cli/) to hand to the
 * settings readers here. Only src/config/ reads `process.env`; everything else gets settings.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export function processEnvironment(): Environment {
  return process.env;
}

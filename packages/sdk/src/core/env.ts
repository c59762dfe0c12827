/**
 * Reads an environment variable without assuming a runtime: works in Node, Bun and Deno (via their `process`
 * shims) and returns `undefined` in browsers and workers where `process` does not exist.
 */
export function readEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name]?.trim();
  return value ? value : undefined;
}

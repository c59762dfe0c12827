import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The monorepo root (apps/api/src → ../../..). Relative paths in config resolve against it, not the cwd,
 *  so `pnpm start` (cwd apps/api) and `pnpm admin` (cwd apps/api via --filter) agree with a shell at the root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface Config {
  port: number
  /** Base URL used to build absolute links (checkout_url); no trailing slash. */
  publicUrl: string
  /** Absolute path of the embedded PGlite data directory (used only when databaseUrl is unset). */
  dataDir: string
  /** postgres:// URL; when set the server uses PostgreSQL instead of the embedded store. */
  databaseUrl: string | undefined
  /** Per-key fixed-window limit; null when switched off (`RATE_LIMIT_REQUESTS=0`, e.g. for load tests). */
  rateLimit: { requests: number; windowSeconds: number } | null
  /** How often open sessions past expiry are marked expired and stale records removed. */
  sweepIntervalMs: number
}

export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`)
  }
}

type Env = Record<string, string | undefined>

/** Empty strings count as unset, so `DATABASE_URL= pnpm start` means "no DATABASE_URL". */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(read(env, 'PORT'))
  return {
    port,
    publicUrl: parsePublicUrl(read(env, 'PUBLIC_URL') ?? `http://localhost:${port}`),
    dataDir: resolveFromRoot(read(env, 'DATA_DIR') ?? '.data'),
    databaseUrl: parseDatabaseUrl(read(env, 'DATABASE_URL')),
    rateLimit: parseRateLimit(env),
    sweepIntervalMs: parseWholeNumber(env, 'SWEEP_INTERVAL_SECONDS', 60, 1) * 1000,
  }
}

export function resolveFromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(repoRoot, path)
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 3000
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port > 65535) throw new ConfigError('PORT', `expected an integer 0–65535, got "${raw}"`)
  return port
}

function parsePublicUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError('PUBLIC_URL', `not a valid URL: "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL', `expected http or https, got "${url.protocol}"`)
  }
  if (url.search || url.hash) throw new ConfigError('PUBLIC_URL', 'must not contain a query or fragment')
  return url.href.replace(/\/+$/, '')
}

function parseDatabaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL', 'expected a postgres:// or postgresql:// URL')
  }
  return raw
}

function parseWholeNumber(env: Env, name: string, fallback: number, minimum: number): number {
  const raw = read(env, name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < minimum) throw new ConfigError(name, `expected an integer ≥ ${minimum}, got "${raw}"`)
  return value
}

function parseRateLimit(env: Env): Config['rateLimit'] {
  const requests = parseWholeNumber(env, 'RATE_LIMIT_REQUESTS', 100, 0)
  if (requests === 0) return null
  return { requests, windowSeconds: parseWholeNumber(env, 'RATE_LIMIT_WINDOW_SECONDS', 1, 1) }
}

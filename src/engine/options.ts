/**
 * Project options, checked once on entry (an unknown key gets a "did you mean" hint) and frozen.
 *
 * @example
 * resolveOptions({ flushMs: 500, strict: true })   // frozen, with defaults filled in
 * resolveOptions({ flushMS: 500 })                  // throws: did you mean 'flushMs'?
 */
import type { Durability } from './driver/database.js'
import { InvalidOptionError } from './errors.js'
import { didYouMean } from './suggest.js'
import { printOncePerKind, type WarningHandler } from './warnings.js'

/** Options of `openProject`. */
export interface ProjectOptions {
  /** How often buffered points are written, in ms (default 1000). */
  flushMs?: number
  /** Throw on a point whose step is not increasing, instead of dropping it with a warning (default false). */
  strict?: boolean
  /** Receives warnings (default: print each kind once per field to stderr). */
  onWarning?: WarningHandler
  /** 'normal' survives a killed process; 'full' also survives power loss, at some write speed (default 'normal'). */
  durability?: Durability
  /** Open without write access; the project must exist (default false). */
  readonly?: boolean
  /** The run id prefix of a new project, like 'DEMO' for DEMO-1 (default: from the directory name). */
  key?: string
  /** Buffered points per run that trigger a flush before the timer does (default 262144). */
  maxBufferedPoints?: number
  /** How long one write waits for another process's lock, in ms (default 5000); it then retries. */
  busyTimeoutMs?: number
  /**
   * 'db' writes project.db; 'oplog' writes only an inbox/ file for `nereid merge` (docs/oplog.md); 'auto'
   * (default) is NEREID_MODE if set, else 'oplog' on a network or FUSE file system, else 'db'.
   */
  mode?: ProjectMode
}

/** How a project is written: to project.db, or to an oplog file in inbox/. */
export type ProjectMode = 'auto' | 'db' | 'oplog'

/** Options with every default filled in. */
export type ResolvedOptions = Readonly<Required<Omit<ProjectOptions, 'key'>> & { key: string | undefined }>

const DEFAULTS = {
  flushMs: 1000,
  strict: false,
  durability: 'normal',
  readonly: false,
  maxBufferedPoints: 262_144,
  busyTimeoutMs: 5_000,
  mode: 'auto',
} as const

/** The longest delay a Node timer accepts (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1

const KNOWN = [
  'flushMs',
  'strict',
  'onWarning',
  'durability',
  'readonly',
  'key',
  'maxBufferedPoints',
  'busyTimeoutMs',
  'mode',
]

/** Throws for a key of `options` that is not in `known`, suggesting the nearest known one. */
export function rejectUnknownKeys(options: object, known: readonly string[], where: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError(
      'INVALID_OPTION',
      `${where} must be an object, got ${options === null ? 'null' : typeof options}`,
      {
        hint: `Pass an object such as { ${known[0] ?? 'name'}: … }, or leave the argument out.`,
      },
    )
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const guess = didYouMean(key, known)
    throw new InvalidOptionError('UNKNOWN_OPTION', `unknown option '${key}' in ${where}`, {
      hint: guess ? `Did you mean '${guess}'?` : `Known options: ${known.join(', ')}.`,
    })
  }
}

function invalid(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(
    'INVALID_OPTION',
    `option '${name}' must be ${expected}, got ${String(value)}`,
    {
      hint: `Pass ${expected}, or leave '${name}' out for the default.`,
    },
  )
}

/** Checks `options`, fills defaults and freezes the result. */
export function resolveOptions(options: ProjectOptions = {}): ResolvedOptions {
  rejectUnknownKeys(options, KNOWN, 'openProject options')
  // an option passed as undefined (`{ flushMs: config.flushMs }`) takes its default, as if left out
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as ProjectOptions
  const o = { ...DEFAULTS, onWarning: printOncePerKind(), key: undefined, ...given }
  // timers take at most 2^31 - 1 ms; Node turns a longer delay into 1 ms, which would flush constantly
  if (!(Number.isFinite(o.flushMs) && o.flushMs > 0 && o.flushMs <= MAX_TIMER_MS))
    invalid('flushMs', `a positive number of milliseconds up to ${MAX_TIMER_MS}`, o.flushMs)
  if (!(Number.isInteger(o.maxBufferedPoints) && o.maxBufferedPoints > 0))
    invalid('maxBufferedPoints', 'a positive integer', o.maxBufferedPoints)
  // SQLite's busy_timeout is a C int of milliseconds (and the pragma would not parse 1e+21)
  if (!(Number.isInteger(o.busyTimeoutMs) && o.busyTimeoutMs >= 0 && o.busyTimeoutMs <= MAX_TIMER_MS)) {
    invalid('busyTimeoutMs', `a whole number of milliseconds from 0 to ${MAX_TIMER_MS}`, o.busyTimeoutMs)
  }
  if (o.durability !== 'normal' && o.durability !== 'full')
    invalid('durability', "'normal' or 'full'", o.durability)
  if (o.mode !== 'auto' && o.mode !== 'db' && o.mode !== 'oplog')
    invalid('mode', "'auto', 'db' or 'oplog'", o.mode)
  if (typeof o.strict !== 'boolean') invalid('strict', 'a boolean', o.strict)
  if (typeof o.readonly !== 'boolean') invalid('readonly', 'a boolean', o.readonly)
  if (typeof o.onWarning !== 'function') invalid('onWarning', 'a function', o.onWarning)
  if (o.key !== undefined && !/^[A-Z][A-Z0-9]{0,9}$/.test(o.key))
    invalid('key', '1 to 10 capital letters or digits, starting with a letter', o.key)
  return Object.freeze(o)
}

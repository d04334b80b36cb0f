/**
 * The values of `startRun`'s identity options, checked before the run is created so that a bad one
 * leaves no run behind: name and description are strings (an experiment's name has its own check), tags an array of strings (forkFrom
 * is checked inside the transaction that creates the run, so a bad one rolls the run back).
 *
 * @example
 * checkStartValues({ name: 'baseline', tags: ['mlp'] })   // fine
 * checkStartValues({ name: 42 })                          // throws INVALID_OPTION
 */
import { InvalidOptionError } from '../errors.js'
import { checkString } from '../fields/value-checks.js'
import type { FlushMode } from './writer.js'

/** The options checked here (the rest of startRun's options are capture options, checked elsewhere). */
export interface StartValues {
  name?: unknown
  description?: unknown
  tags?: unknown
}

function invalid(name: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${String(value)}`
  throw new InvalidOptionError(
    'INVALID_OPTION',
    `startRun option '${name}' must be ${expected}, got ${got}`,
    {
      hint: `Pass ${expected}, or leave '${name}' out.`,
    },
  )
}

function checkText(name: string, value: unknown): void {
  if (value === undefined) return
  if (typeof value !== 'string') invalid(name, 'a string', value)
  checkString(`sys/${name}`, value)
}

/**
 * Where a run's flushes run: the `flush` option, else NEREID_FLUSH, else 'inline'; throws INVALID_OPTION
 * for another value.
 *
 * @example
 * resolveFlushMode('worker')    // 'worker'
 * resolveFlushMode(undefined)   // process.env.NEREID_FLUSH || 'inline'
 */
export function resolveFlushMode(flush: unknown): FlushMode {
  const fromEnv = process.env.NEREID_FLUSH
  const value = flush ?? (fromEnv === undefined || fromEnv === '' ? 'inline' : fromEnv)
  if (value === 'inline' || value === 'worker') return value
  const got = typeof value === 'string' ? `'${value}'` : `${typeof value} ${String(value)}`
  throw new InvalidOptionError(
    'INVALID_OPTION',
    `${flush === undefined ? 'NEREID_FLUSH' : "startRun option 'flush'"} must be 'inline' or 'worker', got ${got}`,
    { hint: "Pass 'worker' to encode and write flushes in a worker thread, or 'inline' (the default)." },
  )
}

/** Throws INVALID_OPTION for a startRun identity option of the wrong kind. */
export function checkStartValues(options: StartValues): void {
  checkText('name', options.name)
  checkText('description', options.description)
  const tags = options.tags
  if (tags !== undefined) {
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string'))
      invalid('tags', 'an array of strings', tags)
    for (const tag of tags as string[]) checkString('sys/tags', tag)
  }
}

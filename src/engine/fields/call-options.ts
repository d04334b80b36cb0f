/**
 * The options objects of a field's and a run's write calls (log, append, extend, upload, appendFile,
 * uploadFiles, trackFiles), checked as openProject's are: an unknown key gets a "did you mean", a value
 * of the wrong kind an INVALID_OPTION error.
 *
 * @example
 * checkAppendOptions({ step: 3 }, 'append()')       // fine
 * checkAppendOptions({ setp: 3 }, 'append()')       // throws UNKNOWN_OPTION: did you mean 'step'?
 * checkCallOptions({ mime: 5 }, UPLOAD, 'upload()') // throws INVALID_OPTION: 'mime' must be a string
 */
import { InvalidOptionError } from '../errors.js'
import { rejectUnknownKeys } from '../options.js'

/** What an option's value must be; undefined always stands for the default. */
export type OptionKind = 'number' | 'string' | 'time' | 'numbers' | 'times'

/** The options of one call: each key and its kind. */
export type OptionSpec = Readonly<Record<string, OptionKind>>

/** The default options object of the hot-path calls, so log(dict) skips the check when none is given. */
export const NO_OPTIONS: Readonly<Record<string, never>> = Object.freeze({})

const EXPECTED: Record<OptionKind, string> = {
  number: 'a number',
  string: 'a string',
  time: 'a Date or a number of milliseconds',
  numbers: 'an array of numbers',
  times: 'an array of Dates or numbers of milliseconds',
}

const isTime = (v: unknown): boolean => typeof v === 'number' || v instanceof Date

function fits(kind: OptionKind, value: unknown): boolean {
  switch (kind) {
    case 'number':
      return typeof value === 'number'
    case 'string':
      return typeof value === 'string'
    case 'time':
      return isTime(value)
    case 'numbers':
      return Array.isArray(value) && value.every((v) => typeof v === 'number')
    case 'times':
      return Array.isArray(value) && value.every(isTime)
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`
}

/** Throws for an unknown key of `options` or a value that is not of its kind. */
export function checkCallOptions(options: object, spec: OptionSpec, where: string): void {
  const keys = Object.keys(spec)
  rejectUnknownKeys(options, keys, `${where} options`)
  for (const key of keys) {
    const value = (options as Record<string, unknown>)[key]
    const kind = spec[key] as OptionKind
    if (value === undefined || fits(kind, value)) continue
    throw new InvalidOptionError(
      'INVALID_OPTION',
      `${where}: option '${key}' must be ${EXPECTED[kind]}, got ${describe(value)}`,
      { hint: `Pass ${EXPECTED[kind]}, or leave '${key}' out for the default.` },
    )
  }
}

/** log() and append(): a step and a timestamp. */
export const APPEND: OptionSpec = { step: 'number', timestamp: 'time' }
/** extend(): steps and timestamps matching the values. */
export const EXTEND: OptionSpec = { steps: 'numbers', timestamps: 'times' }
/** upload(). */
export const UPLOAD: OptionSpec = { mime: 'string', name: 'string' }
/** appendFile() and append(buffer). */
export const FILE_APPEND: OptionSpec = {
  step: 'number',
  timestamp: 'time',
  name: 'string',
  description: 'string',
  mime: 'string',
}
/** uploadFiles(). */
export const UPLOAD_FILES: OptionSpec = { cwd: 'string' }
/** trackFiles(). */
export const TRACK_FILES: OptionSpec = { destination: 'string', cwd: 'string' }

/** Checks the options of log() or append() (a NaN or Infinity step is an INVALID_STEP at the point). */
export function checkAppendOptions(options: object, where: string): void {
  // the hot path: `{ step }` on every log() call, so the usual case costs a key loop and a typeof
  if (typeof options === 'object' && options !== null) {
    let usual = true
    for (const key in options) if (key !== 'step' && key !== 'timestamp') usual = false
    const step = (options as { step?: unknown }).step
    if (usual && (step === undefined || typeof step === 'number')) return
  }
  checkCallOptions(options, APPEND, where)
}

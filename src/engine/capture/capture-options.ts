/**
 * Which kinds of capture a run does. Each is on by default for a run started from a script (off in a
 * REPL), and can be switched off by a startRun option or by an environment variable; an explicit option
 * wins over the environment, which wins over the default.
 *
 * | option                  | environment variable               | captures                                  |
 * |-------------------------|------------------------------------|-------------------------------------------|
 * | captureHardwareMetrics  | NEREID_CAPTURE_HARDWARE_METRICS=0  | cpu, memory, load, GPU every 10 s          |
 * | captureStdout           | NEREID_CAPTURE_STDOUT=0            | stdout lines                              |
 * | captureStderr           | NEREID_CAPTURE_STDERR=0            | stderr lines                              |
 * | captureTraceback        | NEREID_CAPTURE_TRACEBACK=0         | sys/failed and the error of a crash       |
 * | captureSource           | NEREID_CAPTURE_SOURCE=0            | git commit/branch/remote/diff, source files |
 * | captureEnvironment      | NEREID_CAPTURE_ENVIRONMENT=0       | Node version, platform, host, pid, argv   |
 * NEREID_CAPTURE=0 switches every kind off.
 *
 * An empty variable counts as unset. Options of the wrong kind (captureStdout: 'no', monitoringIntervalMs: 0)
 * are refused with an InvalidOptionError.
 *
 * @example
 * resolveCapture({ captureStdout: false }, process.env)   // { stdout: false, hardware: true, … }
 */
import { InvalidOptionError } from '../errors.js'

/** startRun options that steer capture. */
export interface CaptureOptions {
  captureHardwareMetrics?: boolean
  captureStdout?: boolean
  captureStderr?: boolean
  captureTraceback?: boolean
  captureSource?: boolean
  captureEnvironment?: boolean
  /** Glob patterns of source files to record (default: the entry script only). */
  sourceFiles?: readonly string[]
  /** Hardware sampling period in ms (default 10000). */
  monitoringIntervalMs?: number
}

/** The resolved switches. */
export interface CaptureSettings {
  hardware: boolean
  stdout: boolean
  stderr: boolean
  traceback: boolean
  source: boolean
  environment: boolean
  sourceFiles: readonly string[] | undefined
  monitoringIntervalMs: number
}

/** The on/off options. */
const SWITCHES = [
  'captureHardwareMetrics',
  'captureStdout',
  'captureStderr',
  'captureTraceback',
  'captureSource',
  'captureEnvironment',
] as const

/** The option names, for startRun's unknown-key check. */
export const CAPTURE_OPTION_KEYS: string[] = [...SWITCHES, 'sourceFiles', 'monitoringIntervalMs']

const OFF = new Set(['0', 'false', 'no', 'off'])

function envSays(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  // an empty variable (`NEREID_CAPTURE_STDOUT= node train.js`) is unset: the next level decides
  const own = env[name]
  const value = own === undefined || own === '' ? env.NEREID_CAPTURE : own
  if (value === undefined || value === '') return undefined
  return !OFF.has(value.toLowerCase())
}

/** The longest period a Node timer accepts; a longer one would fire every millisecond. */
const MAX_INTERVAL_MS = 2 ** 31 - 1

function invalid(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(
    'INVALID_OPTION',
    `option '${name}' must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    {
      hint: `Pass ${expected}, or leave '${name}' out for the default.`,
    },
  )
}

/** Throws for a capture option of the wrong kind: 'no' or 0 would otherwise read as on, 0 ms sample constantly. */
export function checkCaptureOptions(options: CaptureOptions): void {
  for (const name of SWITCHES) {
    const value: unknown = options[name]
    if (value !== undefined && typeof value !== 'boolean') invalid(name, 'true or false', value)
  }
  const interval = options.monitoringIntervalMs
  if (
    interval !== undefined &&
    !(
      typeof interval === 'number' &&
      Number.isFinite(interval) &&
      interval >= 1 &&
      interval <= MAX_INTERVAL_MS
    )
  ) {
    invalid('monitoringIntervalMs', `a number of milliseconds from 1 to ${MAX_INTERVAL_MS}`, interval)
  }
  const globs = options.sourceFiles as unknown
  if (globs !== undefined && !(Array.isArray(globs) && globs.every((g) => typeof g === 'string'))) {
    invalid('sourceFiles', "an array of glob patterns such as ['src/**/*.ts']", globs)
  }
}

/** True when the process runs a script (not an interactive REPL). */
export function startedFromScript(): boolean {
  return typeof process.argv[1] === 'string' && process.argv[1].length > 0
}

/** Resolves each switch: option, else environment, else on for a script. */
export function resolveCapture(
  options: CaptureOptions,
  env: NodeJS.ProcessEnv = process.env,
): CaptureSettings {
  checkCaptureOptions(options)
  const byDefault = startedFromScript()
  const pick = (option: boolean | undefined, variable: string) =>
    option ?? envSays(env, variable) ?? byDefault
  return {
    hardware: pick(options.captureHardwareMetrics, 'NEREID_CAPTURE_HARDWARE_METRICS'),
    stdout: pick(options.captureStdout, 'NEREID_CAPTURE_STDOUT'),
    stderr: pick(options.captureStderr, 'NEREID_CAPTURE_STDERR'),
    traceback: pick(options.captureTraceback, 'NEREID_CAPTURE_TRACEBACK'),
    source: pick(options.captureSource, 'NEREID_CAPTURE_SOURCE'),
    environment: pick(options.captureEnvironment, 'NEREID_CAPTURE_ENVIRONMENT'),
    sourceFiles: options.sourceFiles,
    monitoringIntervalMs: options.monitoringIntervalMs ?? 10_000,
  }
}

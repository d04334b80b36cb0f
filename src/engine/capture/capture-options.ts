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
 * @example
 * resolveCapture({ captureStdout: false }, process.env)   // { stdout: false, hardware: true, … }
 */

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

/** The option names, for startRun's unknown-key check. */
export const CAPTURE_OPTION_KEYS = [
  'captureHardwareMetrics',
  'captureStdout',
  'captureStderr',
  'captureTraceback',
  'captureSource',
  'captureEnvironment',
  'sourceFiles',
  'monitoringIntervalMs',
]

const OFF = new Set(['0', 'false', 'no', 'off'])

function envSays(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name] ?? env.NEREID_CAPTURE
  if (value === undefined || value === '') return undefined
  return !OFF.has(value.toLowerCase())
}

/** True when the process runs a script (not an interactive REPL). */
export function startedFromScript(): boolean {
  return typeof process.argv[1] === 'string' && process.argv[1].length > 0
}

/** Resolves each switch: option, else environment, else on for a script. */
export function resolveCapture(options: CaptureOptions, env: NodeJS.ProcessEnv = process.env): CaptureSettings {
  const byDefault = startedFromScript()
  const pick = (option: boolean | undefined, variable: string) => option ?? envSays(env, variable) ?? byDefault
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

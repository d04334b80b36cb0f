/**
 * The options of exportParquet() and exportCsv(), checked once on entry (an unknown key or a value of
 * the wrong kind is an InvalidOptionError naming it) and completed with defaults.
 *
 * @example
 * checkExportOptions({ query: 'metrics/acc > 0.5' }, project)   // { query, partBytes: 52428800, … }
 * checkExportOptions({ run: ['DEMO-1'] }, project)             // throws UNKNOWN_OPTION: did you mean 'runs'?
 */
import { basename, dirname } from 'node:path'
import { InvalidOptionError, type ReadonlyProject } from '../index.js'

/** Progress of an export, reported after each written batch and each finished run. */
export interface ExportProgress {
  /** The run being written (sys/id). */
  run: string
  runsDone: number
  runsTotal: number
  /** Rows written so far, over all runs. */
  rows: number
  /** Bytes of parts written so far. */
  bytes: number
}

/** Options of a columnar export. */
export interface ColumnarExportOptions {
  /** Export only the runs this NQL query matches (docs/query.md). */
  query?: string
  /** Export only these runs (sys/id); with `query`, those of them it matches. */
  runs?: readonly string[]
  /** The export's project_id (default '<workspace directory>/<project name>', like Neptune's 'workspace/project'). */
  projectId?: string
  /** Copy the bytes of file fields under `files/` (default true); false writes only the references. */
  files?: boolean
  /** Start a new part of a run past this many bytes (default 50 MiB, as the neptune-exporter). */
  partBytes?: number
  /** Rows per Parquet row group, and per batch read before writing (default 250 000). */
  rowGroupRows?: number
  onProgress?: (progress: ExportProgress) => void
}

const KNOWN = ['query', 'runs', 'projectId', 'files', 'partBytes', 'rowGroupRows', 'onProgress'] as const

function invalid(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(
    'INVALID_OPTION',
    `export option '${name}' must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    {
      hint: `Pass ${expected}, or leave '${name}' out.`,
    },
  )
}

const positive = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x > 0

/** The default project_id: the workspace directory's name (dots dropped) and the project's. */
export function defaultProjectId(project: ReadonlyProject): string {
  const workspace = basename(dirname(project.dir)).replace(/^\.+/, '') || 'local'
  return `${workspace}/${project.name}`
}

/** The checked options with defaults, frozen. */
export function checkExportOptions(
  options: ColumnarExportOptions,
  project: ReadonlyProject,
): Readonly<Required<Omit<ColumnarExportOptions, 'query' | 'runs' | 'onProgress'>> & ColumnarExportOptions> {
  if (typeof options !== 'object' || options === null) invalid('options', 'an object', options)
  for (const key of Object.keys(options)) {
    if (!(KNOWN as readonly string[]).includes(key)) {
      const guess = KNOWN.find((k) => k.toLowerCase().startsWith(key.toLowerCase().slice(0, 3)))
      throw new InvalidOptionError('UNKNOWN_OPTION', `unknown export option '${key}'`, {
        hint: guess ? `Did you mean '${guess}'?` : `Known options: ${KNOWN.join(', ')}.`,
      })
    }
  }
  const {
    query,
    runs,
    projectId = defaultProjectId(project),
    files = true,
    partBytes = 50 * 2 ** 20,
    rowGroupRows = 250_000,
    onProgress,
  } = options
  if (query !== undefined && typeof query !== 'string') invalid('query', 'an NQL string', query)
  if (runs !== undefined && !(Array.isArray(runs) && runs.every((r) => typeof r === 'string')))
    invalid('runs', 'an array of run ids', runs)
  if (typeof projectId !== 'string' || projectId === '') invalid('projectId', 'a non-empty string', projectId)
  if (typeof files !== 'boolean') invalid('files', 'a boolean', files)
  if (!positive(partBytes)) invalid('partBytes', 'a positive whole number of bytes', partBytes)
  if (!positive(rowGroupRows)) invalid('rowGroupRows', 'a positive whole number of rows', rowGroupRows)
  if (onProgress !== undefined && typeof onProgress !== 'function')
    invalid('onProgress', 'a function', onProgress)
  return Object.freeze({ ...options, projectId, files, partBytes, rowGroupRows })
}

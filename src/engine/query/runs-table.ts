/**
 * The runs table: typed columns over many runs, filtered by an NQL query, sorted and paged.
 * (Being written for the query issue; the signature is the contract Project.fetchRunsTable relies on.)
 */
import type { Database } from '../driver/database.js'
import { NereidError } from '../errors.js'

/** Options of project.fetchRunsTable(). */
export interface RunsTableOptions {
  query?: string
  columns?: readonly string[]
  sortBy?: string
  ascending?: boolean
  limit?: number
  offset?: number
}

/** A fetched table. */
export interface RunsTable {
  columns: { name: string; type: string }[]
  rows: unknown[][]
  toObjects(): Record<string, unknown>[]
  toCSV(): string
}

/** Fetches the table of containers of `kind` ('run', 'model', 'model_version'). */
export function fetchRunsTable(_database: Database, _options: RunsTableOptions = {}, _kind = 'run'): RunsTable {
  throw new NereidError('NOT_IMPLEMENTED', 'fetchRunsTable is not built yet', { hint: 'Coming with the query issue.' })
}

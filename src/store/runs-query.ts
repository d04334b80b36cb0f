/**
 * What a runs-table request of the server (RunsQuery) asks of fetchRunsTable: one reading of it for
 * every store, so the local store and the hub check the same options (an empty query is no query).
 *
 * @example
 * tableOptions({ query: '', columns: ['sys/id'], sort: 'sys/id', ascending: true, offset: 0, limit: 10 })
 * // { sortBy: 'sys/id', ascending: true, columns: ['sys/id'], limit: 10, offset: 0 }
 */
import type { RunsTableOptions } from '../index.js'
import type { RunsQuery } from './read-store.js'

/** The fetchRunsTable options `q` stands for. */
export function tableOptions(q: RunsQuery): RunsTableOptions {
  return {
    ...(q.query !== undefined && q.query !== '' ? { query: q.query } : {}),
    sortBy: q.sort,
    ascending: q.ascending,
    columns: q.columns,
    limit: q.limit,
    offset: q.offset,
  }
}

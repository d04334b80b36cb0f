/**
 * A hub HistogramSeries by page: its points are string points holding the engine's histogram text
 * (docs/format.md), decoded into the read interface's entries.
 *
 * @example
 * await hubHistograms(sql, fieldId, { offset: 0, limit: 100 })   // { total, offset, limit, items: [{ step, edges, … }] }
 */
import type postgres from 'postgres'
import { decodeHistogram } from '../index.js'
import { histogramItem } from '../store/histogram-items.js'
import type { HistogramItem, Page, PageRequest } from '../store/read-store.js'

/** The page `page` of hub field `fieldId`'s histograms, in step order. */
export async function hubHistograms(
  sql: postgres.Sql,
  fieldId: number,
  page: PageRequest,
): Promise<Page<HistogramItem>> {
  const [count] = await sql<{ total: number }[]>`
    SELECT count(*)::int AS total FROM hub_string_points WHERE field_id = ${fieldId}`
  const rows = await sql<{ step: number; time: number; value: string }[]>`
    SELECT step, time, value FROM hub_string_points WHERE field_id = ${fieldId}
    ORDER BY step OFFSET ${page.offset} LIMIT ${page.limit}`
  return {
    total: count?.total ?? 0,
    offset: page.offset,
    limit: page.limit,
    items: rows.map((r) => histogramItem(r.step, r.time, decodeHistogram(r.value))),
  }
}

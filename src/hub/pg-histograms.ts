/**
 * A hub HistogramSeries by page: its points are string points holding the engine's histogram text
 * (docs/format.md), read through a fork's lineage like any string series and decoded into the read
 * interface's entries.
 *
 * @example
 * await hubHistograms(sql, fieldId, { offset: 0, limit: 100 })   // { total, offset, limit, items: [{ step, edges, … }] }
 */
import type postgres from 'postgres'
import { decodeHistogram } from '../index.js'
import { histogramItem } from '../store/histogram-items.js'
import { pageOf } from '../store/paging.js'
import type { HistogramItem, Page, PageRequest } from '../store/read-store.js'
import { hubStringPoints } from './pg-series.js'

/** The page `page` of hub field `fieldId`'s histograms, in step order. */
export async function hubHistograms(
  sql: postgres.Sql,
  fieldId: number,
  page: PageRequest,
): Promise<Page<HistogramItem>> {
  const points = await hubStringPoints(sql, fieldId)
  return pageOf(points, page, (p) => histogramItem(p.step, p.time, decodeHistogram(p.value)))
}

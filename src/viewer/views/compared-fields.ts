/**
 * The fields of every compared run in one request (GET …/compare/fields); a run with more fields than
 * one reply holds is completed page by page.
 */
import { getJson, projectPath } from '../api.js'
import type { FieldItem } from '../run/field-tree.js'
import { allFields } from '../run/fields.js'

const PER_RUN = 10_000

interface Reply {
  items: { run: string; total?: number; fields?: FieldItem[] }[]
}

/**
 * Each run's fields (path, type, value), in the order of `runs`.
 * @example const [a, b] = await comparedFields('demo', ['DEMO-1', 'DEMO-2'])
 */
export async function comparedFields(project: string, runs: string[]): Promise<FieldItem[][]> {
  const reply = await getJson<Reply>(projectPath(project, 'compare', 'fields'), {
    runs: runs.join(','),
    limit: PER_RUN,
  })
  return Promise.all(
    reply.items.map((item) =>
      item.fields && (item.total ?? 0) <= item.fields.length
        ? Promise.resolve(item.fields)
        : allFields(project, item.run),
    ),
  )
}

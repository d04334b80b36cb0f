/**
 * Every field of a run, fetched page by page from GET …/fields.
 */
import { getJson, projectPath } from '../api.js'
import type { FieldItem } from './field-tree.js'

/**
 * Fetches all fields of a run (path, type, value).
 * @example const fields = await allFields('demo', 'DEMO-1')
 */
export async function allFields(project: string, run: string): Promise<FieldItem[]> {
  const out: FieldItem[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = await getJson<{ total: number; items: FieldItem[] }>(
      projectPath(project, 'runs', run, 'fields'),
      { limit: 1000, offset },
    )
    out.push(...page.items)
    if (out.length >= page.total || page.items.length === 0) return out
  }
}

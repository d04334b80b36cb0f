/**
 * MATCHES on the hub means what it means locally: a JavaScript regular expression searched anywhere in
 * the text (the engine's `regexpMatches`), not PostgreSQL's POSIX `~`, whose dialect differs in ways a
 * query would notice (`.` matches a newline there, `\b` is a backspace, `\d` inside brackets, no lookbehind
 * or named groups, `{,n}` is an error …). Before the query runs, the distinct texts each MATCHES branch
 * can see (its path and stored type, in the project's runs) are read once and tested in JavaScript; the
 * compiled condition is then membership in the matching texts. The cost is one read of those texts per
 * MATCHES condition (bench/hub.bench.ts measures it).
 *
 * @example
 * const matched = await regexpTexts(sql, projectId, plan.filter)
 * matched.get(branch)   // ['resnet-18', 'resnet-50']
 */
import type postgres from 'postgres'
import { regexpMatches, type Branch, type Resolved } from '../../index.js'
import type { Matched } from './pg-filter.js'

function* regexpBranches(resolved: Resolved): Generator<{ path: string; branch: Branch }> {
  if (resolved.kind === 'test') {
    if (resolved.branches === 'any') return
    for (const branch of resolved.branches)
      if (branch.operand?.kind === 'regexp') yield { path: resolved.path, branch }
  } else if (resolved.kind === 'not') yield* regexpBranches(resolved.operand)
  else for (const operand of resolved.operands) yield* regexpBranches(operand)
}

/** The texts each MATCHES branch of `filter` accepts among the project's containers of `kind`. */
export async function regexpTexts(
  sql: postgres.Sql,
  projectId: number,
  filter: Resolved | undefined,
  kind = 'run',
): Promise<Matched> {
  const matched: Matched = new Map()
  if (filter === undefined) return matched
  const texts = new Map<string, string[]>()
  for (const { path, branch } of regexpBranches(filter)) {
    const key = `${branch.type}\0${path}`
    let candidates = texts.get(key)
    if (candidates === undefined) {
      const rows = path.includes('\0')
        ? []
        : await sql<{ text: string }[]>`
        SELECT DISTINCT f.text FROM hub_fields f JOIN hub_runs r ON r.id = f.run_id
         WHERE r.project_id = ${projectId} AND r.kind = ${kind} AND f.path = ${path}::text AND f.type = ${branch.type}::text AND f.text IS NOT NULL`
      candidates = rows.map((r) => r.text)
      texts.set(key, candidates)
    }
    const pattern = branch.operand!.value as string
    matched.set(
      branch,
      candidates.filter((text) => regexpMatches(pattern, text)),
    )
  }
  return matched
}

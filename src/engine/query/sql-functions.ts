/**
 * SQL functions the query compiler needs beyond SQLite's own: `nereid_regexp(pattern, text)` for MATCHES,
 * a JavaScript regular expression searched anywhere in the text (anchor it with ^…$ to match the whole).
 * They are registered on the connection the first time a query needs them, through the client drizzle wraps
 * (this module does not import better-sqlite3).
 *
 * @example
 * ensureSqlFunctions(database.db)
 * database.db.get(sql`SELECT nereid_regexp('^a', 'abc') AS m`)   // { m: 1 }
 */
import type { Db } from '../driver/database.js'

/** The name of the regular-expression function. */
export const REGEXP_FUNCTION = 'nereid_regexp'

interface FunctionHost {
  function(name: string, options: { deterministic: boolean; varargs: boolean }, fn: (...args: unknown[]) => unknown): unknown
}

const registered = new WeakSet<object>()
const cache = new Map<string, RegExp>()

function compiled(pattern: string): RegExp {
  let regexp = cache.get(pattern)
  if (!regexp) {
    if (cache.size > 256) cache.clear()
    regexp = new RegExp(pattern)
    cache.set(pattern, regexp)
  }
  return regexp
}

/** Registers Nereid's SQL functions on the connection behind `db`, once per connection. */
export function ensureSqlFunctions(db: Db): void {
  const client = (db as unknown as { $client?: FunctionHost }).$client
  if (!client || registered.has(client)) return
  client.function(REGEXP_FUNCTION, { deterministic: true, varargs: false }, (pattern: unknown, text: unknown) =>
    typeof pattern === 'string' && typeof text === 'string' && compiled(pattern).test(text) ? 1 : 0,
  )
  registered.add(client)
}

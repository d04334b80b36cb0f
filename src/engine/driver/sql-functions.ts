/**
 * SQL functions the query compiler needs beyond SQLite's own: `nereid_regexp(pattern, text)` for MATCHES,
 * a JavaScript regular expression searched anywhere in the text (anchor it with ^…$ to match the whole).
 * The driver registers them on every connection it opens.
 *
 * @example
 * registerSqlFunctions(client)
 * database.db.get(sql`SELECT nereid_regexp('^a', 'abc') AS m`)   // { m: 1 }
 */

/** The name of the regular-expression function. */
export const REGEXP_FUNCTION = 'nereid_regexp'

interface FunctionHost {
  function(
    name: string,
    options: { deterministic: boolean; varargs: boolean },
    fn: (...args: unknown[]) => unknown,
  ): unknown
}

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

/** Whether `text` matches the JavaScript regular expression `pattern` as MATCHES tests it (searched anywhere). */
export function regexpMatches(pattern: string, text: string): boolean {
  return compiled(pattern).test(text)
}

/** Registers Nereid's SQL functions on a native connection. */
export function registerSqlFunctions(client: FunctionHost): void {
  client.function(
    REGEXP_FUNCTION,
    { deterministic: true, varargs: false },
    (pattern: unknown, text: unknown) =>
      typeof pattern === 'string' && typeof text === 'string' && regexpMatches(pattern, text) ? 1 : 0,
  )
}

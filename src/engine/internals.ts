/**
 * The engine's way back from a public handle to what it hides. Handles keep their database and writer in
 * `#private` fields, so a program (or the read-only server) holding a handle has no path to a write; the
 * engine's own tests and tools that must reach below the public API ask here instead.
 *
 * @example
 * const { database, rowId } = internalsOf(project.runs.get('DEMO-1'))
 * database.read((db) => listFields(db, rowId))
 */
const registry = new WeakMap<object, unknown>()

/** Records what `handle` hides (called by the handle's constructor). */
export function registerInternals<T>(handle: object, internals: T): void {
  registry.set(handle, internals)
}

/** What `handle` hides; throws for an object the engine did not make. */
export function internalsOf<T = never>(handle: object): T {
  if (!registry.has(handle)) throw new TypeError('internalsOf(): not a handle made by the engine')
  return registry.get(handle) as T
}

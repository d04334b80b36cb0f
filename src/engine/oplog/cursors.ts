/**
 * Per-writer merge cursors, kept in the `meta` table under `oplog:<writer uuid>` as
 * `{"seq":N,"offset":B,"ended":true?}`: the last sequence number applied from that writer's oplog and the byte offset
 * just after its line. A merge applies a batch of lines and moves the cursor in ONE transaction, and only
 * if the cursor is still where the merge read it — so two merges at once, or a merge repeated, never apply
 * a line twice.
 *
 * @example
 * const at = project.oplogCursors.get(writer)          // { seq: 0, offset: 0 } for a new writer
 * project.oplogCursors.advance(writer, at, { seq: 10, offset: 4096 }, () => applyLines())   // true
 */
import { eq } from 'drizzle-orm'
import { meta } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'
import type { ProjectCore } from '../project-core.js'

/** Where the merge of one writer's oplog stands. */
export interface OplogCursor {
  /** The last sequence number applied (0: none). */
  seq: number
  /** The byte offset just after the last line read. */
  offset: number
  /** True once the writer's `end` line was applied: nothing follows it, the file may be archived. */
  ended?: boolean
}

/** Reading and moving the cursors of a project. */
export interface OplogCursors {
  /** The cursor of `writer` ({ seq: 0, offset: 0 } when none was stored). */
  get(writer: string): OplogCursor
  /**
   * In one transaction: if `writer`'s cursor still equals `expected`, calls `apply` (whose writes, and
   * the runs it flushes, join the transaction), stores `next` and returns true; else returns false and
   * writes nothing. If `apply` throws, nothing of it is kept.
   */
  advance(writer: string, expected: OplogCursor, next: OplogCursor, apply: () => void): boolean
}

const keyOf = (writer: string): string => `oplog:${writer}`

function read(db: Db, writer: string): OplogCursor {
  const value = db
    .select()
    .from(meta)
    .where(eq(meta.key, keyOf(writer)))
    .get()?.value
  if (value === undefined || value === null) return { seq: 0, offset: 0 }
  const parsed = JSON.parse(value) as Partial<OplogCursor>
  return {
    seq: Number(parsed.seq ?? 0),
    offset: Number(parsed.offset ?? 0),
    ...(parsed.ended === true ? { ended: true } : {}),
  }
}

/** The cursors of the project `core`. */
export function oplogCursors(core: ProjectCore): OplogCursors {
  return {
    get: (writer) => core.database.read((db) => read(db, writer)),
    advance: (writer, expected, next, apply) =>
      core.database.write((db) => {
        const now = read(db, writer)
        if (now.seq !== expected.seq || now.offset !== expected.offset) return false
        apply()
        core.flushOpenRuns()
        const value = JSON.stringify({
          seq: next.seq,
          offset: next.offset,
          ...(next.ended === true || now.ended === true ? { ended: true } : {}),
        })
        db.insert(meta)
          .values({ key: keyOf(writer), value })
          .onConflictDoUpdate({ target: meta.key, set: { value } })
          .run()
        return true
      }),
  }
}

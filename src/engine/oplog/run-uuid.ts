/**
 * The sys/uuid of a run started in oplog mode: derived from the project name and the custom run id when
 * there is one (so every rank and every retry of `customRunId: 'job-42'` writes to the same run once
 * merged), else random.
 *
 * @example
 * oplogRunUuid('demo', 'job-42') === oplogRunUuid('demo', 'job-42')   // true
 */
import { createHash, randomUUID } from 'node:crypto'

/** A lowercase UUID (version 5 layout) for `customRunId` in project `project`, or a random one. */
export function oplogRunUuid(project: string, customRunId: string | undefined): string {
  if (customRunId === undefined) return randomUUID()
  const hex = createHash('sha256').update(`nereid-run:${project}:${customRunId}`).digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

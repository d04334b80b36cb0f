/**
 * The exit hooks' bookkeeping, in process (what they do when the process really ends is tested with
 * child processes in durability.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { onProcessEnd, type EndReason } from '../../../src/engine/runs/exit-hooks.js'

const EVENTS = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM'] as const

function counts(): number[] {
  return EVENTS.map((event) => process.listenerCount(event))
}

describe('onProcessEnd', () => {
  it('listens to beforeExit, exit, SIGINT and SIGTERM once, however many handlers, and stops after the last unregisters', () => {
    const before = counts()
    const first = onProcessEnd(() => {})
    const second = onProcessEnd(() => {})
    expect(counts()).toEqual(before.map((n) => n + 1))
    first()
    expect(counts()).toEqual(before.map((n) => n + 1))
    second()
    second() // twice is harmless
    expect(counts()).toEqual(before)
  })

  it('runs every handler on exit, even when one throws', () => {
    const reasons: EndReason[] = []
    const unregister = [
      onProcessEnd(() => {
        throw new Error('one run failed to flush')
      }),
      onProcessEnd((reason) => reasons.push(reason)),
    ]
    process.emit('beforeExit', 0)
    expect(reasons).toEqual(['exit'])
    unregister.forEach((u) => u())
  })

  it('leaves the handlers alone on a signal the program listens for itself', () => {
    const calls: EndReason[] = []
    const own = (): void => {}
    process.on('SIGTERM', own)
    const unregister = onProcessEnd((reason) => calls.push(reason))
    try {
      process.emit('SIGTERM', 'SIGTERM')
      expect(calls).toEqual([])
      expect(process.listenerCount('SIGTERM')).toBe(2)
    } finally {
      unregister()
      process.off('SIGTERM', own)
    }
  })
})

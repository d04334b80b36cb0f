/** sanitize.ts against digests computed by Python's hashlib.blake2b(s.encode(), digest_size=8). */
import { describe, expect, it } from 'vitest'
import { sanitizeFilePart, sanitizePathPart } from '../../src/share/index.js'

describe('sanitizePathPart', () => {
  it('matches the exporter: other characters to _, then the 8-byte blake2b of the original', () => {
    expect(sanitizePathPart('org/project')).toBe('org_project-ea8dfac2f8d8c39c')
    expect(sanitizePathPart('DEMO-1')).toBe('DEMO-1-02300346818d8079')
    expect(sanitizePathPart('a b/ü')).toBe('a_b_ü-5bbc745048dcdd33')
  })
})

describe('sanitizeFilePart', () => {
  it('keeps letters, digits, _ and -, and shortens only past 255 characters', () => {
    expect(sanitizeFilePart('step 1.5')).toBe('step_1_5')
    expect(sanitizeFilePart('x'.repeat(255))).toBe('x'.repeat(255))
    const long = sanitizeFilePart('y'.repeat(300))
    expect(long).toHaveLength(255)
    expect(long).toMatch(/^y+-[0-9a-f]{16}$/)
  })
})

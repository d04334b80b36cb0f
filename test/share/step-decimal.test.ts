/** Steps as decimal(18, 6): exact units for integers and fractions, text, and the range limit. */
import { describe, expect, it } from 'vitest'
import { stepText, stepUnits } from '../../src/share/step-decimal.js'

describe('stepUnits / stepText', () => {
  it('scales by 10^6 exactly', () => {
    expect(stepUnits(12, 'm')).toBe(12_000_000n)
    expect(stepUnits(0.5, 'm')).toBe(500_000n)
    expect(stepUnits(-2.25, 'm')).toBe(-2_250_000n)
    expect(stepUnits(123_456_789.125, 'm')).toBe(123_456_789_125_000n)
    expect(stepUnits(999_999_999_999, 'm')).toBe(999_999_999_999_000_000n)
    expect(stepUnits(1e-7, 'm')).toBe(0n)
  })

  it('writes decimal text with six places', () => {
    expect(stepText(12_000_000n)).toBe('12.000000')
    expect(stepText(-500_000n)).toBe('-0.500000')
    expect(stepText(0n)).toBe('0.000000')
  })

  it('refuses a step that does not fit decimal(18, 6)', () => {
    expect(() => stepUnits(1e12, 'metrics/x')).toThrow(expect.objectContaining({ code: 'STEP_OUT_OF_RANGE' }))
    expect(() => stepUnits(-1e12, 'metrics/x')).toThrow(/metrics\/x/)
  })
})

/** NEREID_CUSTOM_RUN_ID: the custom run id of startRun() when the option is not given (as NEPTUNE_CUSTOM_RUN_ID). */
import { afterEach, describe, expect, it } from 'vitest'
import { tempProject, thrown } from '../helpers/project.js'

afterEach(() => {
  delete process.env.NEREID_CUSTOM_RUN_ID
})

describe('NEREID_CUSTOM_RUN_ID', () => {
  it('names the run, so a second start resumes it; the option wins; empty is unset', () => {
    const project = tempProject()
    process.env.NEREID_CUSTOM_RUN_ID = 'job-42'
    const a = project.startRun()
    expect(a.customRunId).toBe('job-42')
    a.close()
    const again = project.startRun()
    expect(again.id).toBe(a.id)
    again.close()
    const own = project.startRun({ customRunId: 'mine' })
    expect(own.customRunId).toBe('mine')
    own.close()
    process.env.NEREID_CUSTOM_RUN_ID = ''
    const plain = project.startRun()
    expect(plain.customRunId).toBeNull()
    plain.close()
    process.env.NEREID_CUSTOM_RUN_ID = 'a/b'
    expect(thrown(() => project.startRun()).code).toBe('INVALID_CUSTOM_RUN_ID')
  })
})

/** Workspaces: a directory of projects, listed with their statistics. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { defaultWorkspaceDir, openProject, openWorkspace } from '../../src/index.js'
import { track } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'

describe('openWorkspace', () => {
  const home = process.env.NEREID_HOME
  afterEach(() => {
    if (home === undefined) delete process.env.NEREID_HOME
    else process.env.NEREID_HOME = home
  })

  it('lists each project with its name, directory and statistics, sorted by name', () => {
    const root = tempDir()
    const beta = track(openProject(join(root, 'beta')))
    const run = beta.startRun()
    run.field('loss').extend([1, 2, 3])
    run.close()
    beta.startRun() // left running
    track(openProject(join(root, 'alpha'))).close()
    mkdirSync(join(root, 'not-a-project'))
    writeFileSync(join(root, 'stray.txt'), 'x')

    const projects = openWorkspace(root).projects()
    expect(projects.map((p) => p.name)).toEqual(['alpha', 'beta'])
    expect(projects[0]).toMatchObject({
      name: 'alpha',
      dir: join(root, 'alpha'),
      stats: { runs: 0, seriesPoints: 0 },
    })
    expect(projects[1]!.stats).toMatchObject({ runs: 2, runsByState: { idle: 1, running: 1 } })
    expect(projects[1]!.stats.seriesPoints).toBeGreaterThanOrEqual(3)
    expect(projects[1]!.stats.dbBytes).toBeGreaterThan(0)
    beta.close()
  })

  it('lists nothing for a missing directory, and creates nothing', () => {
    const dir = join(tempDir(), 'none')
    const workspace = openWorkspace(dir)
    expect(workspace.projects()).toEqual([])
    expect(workspace.names()).toEqual([])
  })

  it('opens or creates a project by name', () => {
    const root = tempDir()
    const workspace = openWorkspace(root)
    const project = track(workspace.project('demo', { key: 'DEMO' }))
    expect(project.startRun().id).toBe('DEMO-1')
    project.close()
    expect(workspace.names()).toEqual(['demo'])
  })

  it('defaults to $NEREID_HOME, else ./.nereid', () => {
    const root = tempDir()
    process.env.NEREID_HOME = root
    expect(defaultWorkspaceDir()).toBe(root)
    expect(openWorkspace().dir).toBe(root)
    delete process.env.NEREID_HOME
    expect(defaultWorkspaceDir()).toBe(resolve('.nereid'))
  })
})

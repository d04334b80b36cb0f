/**
 * Live refresh: one EventSource on /api/projects/:p/live per project while a view listens; each
 * `change` event says which runs got which fields and which runs are new. Views then fetch only points
 * after the last step they hold. A `reset` event (the server restarted) renders the view afresh.
 */
import { projectPath } from './api.js'

/** The data of a `change` event. */
export interface LiveChange {
  runs: { id: string; fields?: string[] }[]
  newRuns: string[]
}

type Listener = (change: LiveChange) => void

let source: EventSource | null = null
let sourceProject = ''
const listeners = new Set<Listener>()

/**
 * Listens to a project's changes; returns the function that stops listening.
 * @example const stop = onLiveChange('demo', (c) => refresh(c))
 */
export function onLiveChange(project: string, listener: Listener): () => void {
  if (!source || sourceProject !== project) {
    source?.close()
    sourceProject = project
    source = new EventSource('/api/' + projectPath(project, 'live'))
    source.addEventListener('change', (e) => {
      let change: LiveChange
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as Partial<LiveChange>
        change = { runs: data.runs ?? [], newRuns: data.newRuns ?? [] }
      } catch {
        return
      }
      for (const l of [...listeners]) l(change)
    })
    // The server lost track of what we hold (it restarted, or we were away too long): render the view afresh.
    source.addEventListener('reset', () => window.dispatchEvent(new HashChangeEvent('hashchange')))
  }
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) {
      source?.close()
      source = null
    }
  }
}

/**
 * Lazy mounting: a chart card is drawn only once it comes near the viewport, so a run page with
 * thousands of series fetches and draws only what is looked at.
 */

/**
 * Calls `mount` the first time `el` is within 200 px of the viewport; returns a function that stops watching.
 * @example mountWhenVisible(card, () => chart.load())
 */
export function mountWhenVisible(el: Element, mount: () => void): () => void {
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((e) => e.isIntersecting)) return
      observer.disconnect()
      mount()
    },
    { rootMargin: '200px' },
  )
  observer.observe(el)
  return () => observer.disconnect()
}

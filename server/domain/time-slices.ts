/**
 * CPU work over many items in slices of a few milliseconds, yielding to the event loop between them, so that a
 * long computation on the server's thread (grading 6,249 grids, the response times of every grid) never holds up
 * requests and the live feed for longer than one slice. No I/O; runs the same in the browser.
 */

/** Milliseconds of work between two yields. */
export const SLICE_MS = 8;

/** One turn of the event loop: timers, I/O and other requests run before the caller goes on. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** `items.forEach(fn)` in slices of about `sliceMs`. */
export async function forEachInSlices<T>(items: readonly T[], fn: (item: T, index: number) => void, sliceMs = SLICE_MS): Promise<void> {
  let started = performance.now();
  for (let i = 0; i < items.length; i++) {
    fn(items[i]!, i);
    if ((i & 63) === 63 && performance.now() - started > sliceMs) {
      await yieldToLoop();
      started = performance.now();
    }
  }
}

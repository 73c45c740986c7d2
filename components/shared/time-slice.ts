/**
 * How long queued work (the first renders of many elements) may run in one
 * task before the rest waits for the next one: well under the 50 ms of a long
 * task, so that a page with hundreds of cards keeps answering input, and the
 * browser can paint, while they appear.
 */
export const SLICE_MS = 8;

interface Job {
  run: () => void;
  done: () => void;
  fail: (error: unknown) => void;
}

const queue: Job[] = [];
let sliceStart = -1;
let pumping = false;

/** The time the current slice has used; starts a slice (ending with this task) if none is running. */
function used(): number {
  const now = performance.now();
  if (sliceStart < 0) {
    sliceStart = now;
    setTimeout(() => (sliceStart = -1));
  }
  return now - sliceStart;
}

function pump(): void {
  sliceStart = -1;
  while (queue.length > 0 && used() < SLICE_MS) {
    const job = queue.shift()!;
    try {
      job.run();
      job.done();
    } catch (error) {
      job.fail(error); // the caller's to handle; the queue goes on
    }
  }
  if (queue.length > 0) setTimeout(pump);
  else pumping = false;
}

/**
 * Runs `job` now if the current slice has time left and nothing is queued
 * (returns `undefined`), else queues it for a later task and returns a promise
 * that settles once it ran. Elements run their first render through it
 * (`scheduleUpdate`): 1,000 cards upgraded by one `customElements.define`
 * render over many short tasks instead of one long one, in document order.
 * A job that throws rejects its promise (or throws, when run at once).
 */
export function inTimeSlice(job: () => void): Promise<void> | undefined {
  if (queue.length === 0 && used() < SLICE_MS) {
    job();
    return undefined;
  }
  return new Promise<void>((done, fail) => {
    queue.push({ run: job, done, fail });
    if (!pumping) {
      pumping = true;
      setTimeout(pump);
    }
  });
}

/**
 * `limits.renderTimeoutMs`: one timer per request, shared by the handler (504 before the first
 * byte) and the HTML stream (ended after it). Cleared as soon as nothing holds it, so no timer
 * outlives the response.
 */
import { RenderTimeoutError } from './errors.ts';

export class Deadline {
  /** Resolves with the error when time is up; never rejects. */
  readonly expired: Promise<RenderTimeoutError>;
  error: RenderTimeoutError | undefined;
  /** The route answering, for the log line when time runs out. */
  route = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private holders = 1;

  constructor(ms: number) {
    this.expired = new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        resolve((this.error = new RenderTimeoutError(ms)));
      }, ms);
    });
  }

  /** Keeps the timer for a stream that goes on after the handler returned. */
  hold(): void {
    this.holders++;
  }

  /** Gives up one hold; the last one clears the timer. */
  release(): void {
    if (--this.holders === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

/**
 * What `work` gives, or the deadline's error when time runs out first: then a late result goes to
 * `late` (to cancel its body unread). The caller's hold is released once `work` settles in time.
 */
export function beforeDeadline<T>(deadline: Deadline, work: Promise<T>, late: (value: T) => void): Promise<T | RenderTimeoutError> {
  return Promise.race([work, deadline.expired]).then(
    (result) => {
      if (deadline.error !== undefined && result === deadline.error) {
        void work.then(late, () => {});
        return result;
      }
      deadline.release();
      return result;
    },
    (error: unknown) => {
      deadline.release();
      throw error;
    },
  );
}

/**
 * `limits.renderTimeoutMs`: one timer per request, shared by the handler (504 before the first
 * byte) and the HTML stream (ended after it). Cleared as soon as nothing holds it, so no timer
 * outlives the response. Until time runs out a deadline is the timer and a few fields: no
 * promise, race or closure per request (the promise a stream waits on is made only by a stream
 * that waits).
 *
 * Why a timer per request and not one for many: workerd binds a timer to the request that set
 * it. Once that request has ended, the timer keeps no other request alive (workerd cancels one
 * that waits only on it as hung), so a shared timer could not end another request's wait.
 */
import { RenderTimeoutError } from './errors.ts';

export class Deadline {
  error: RenderTimeoutError | undefined;
  /** The route answering, for the log line when time runs out. */
  route = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #holders = 1;
  /** Told when time is up: the handler's wait for the answer. */
  #listener: ((error: RenderTimeoutError) => void) | undefined;
  #timeUpPromise: Promise<never> | undefined;
  #rejectTimeUp: ((error: RenderTimeoutError) => void) | undefined;

  readonly #ms: number;

  constructor(ms: number) {
    this.#ms = ms;
    // The deadline is the timer's argument, so no closure is made per request.
    this.#timer = setTimeout(expire, ms, this);
  }

  /** Rejects with the error when time is up (made on first call; never rejects unhandled). */
  timeUp(): Promise<never> {
    if (this.#timeUpPromise) return this.#timeUpPromise;
    const promise =
      this.error !== undefined
        ? Promise.reject(this.error)
        : new Promise<never>((_, reject) => {
            this.#rejectTimeUp = reject;
          });
    promise.catch(() => {});
    return (this.#timeUpPromise = promise);
  }

  /** Keeps the timer for a stream that goes on after the handler returned. */
  hold(): void {
    this.#holders++;
  }

  /** Gives up one hold; the last one clears the timer. */
  release(): void {
    if (--this.#holders === 0 && this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  /** `listener` is called once, with the error, if time runs out. */
  listen(listener: (error: RenderTimeoutError) => void): void {
    this.#listener = listener;
  }

  /** Time is up. */
  expire(): void {
    this.#timer = undefined;
    const error = (this.error = new RenderTimeoutError(this.#ms));
    this.#listener?.(error);
    this.#rejectTimeUp?.(error);
  }
}

function expire(deadline: Deadline): void {
  deadline.expire();
}

/**
 * What `work` gives, or the deadline's error when time runs out first: then a late result goes to
 * `late` (to cancel its body unread). The caller's hold is released once `work` settles in time.
 */
export function beforeDeadline<T>(deadline: Deadline, work: Promise<T>, late: (value: T) => void): Promise<T | RenderTimeoutError> {
  return new Promise((resolve, reject) => {
    deadline.listen(resolve);
    work.then(
      (value) => {
        if (deadline.error !== undefined) return late(value);
        deadline.release();
        resolve(value);
      },
      (error: unknown) => {
        if (deadline.error !== undefined) return;
        deadline.release();
        reject(error);
      },
    );
  });
}

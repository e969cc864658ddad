/**
 * `limits.renderTimeoutMs`: one timer per request that waits, shared by the handler (504 before
 * the first byte) and the HTML stream (ended after it). The timer is started only once the
 * request has to wait: an answer ready within a few rounds of microtasks (a page or endpoint
 * that awaits nothing) never starts one, and the timer is cleared as soon as nothing holds it.
 * Until time runs out a deadline is the timer and a few fields: no `Promise.race` per request
 * (the promise a stream waits on is made only by a stream that waits).
 *
 * Why lazily: most answers are ready before any timer could fire, and a timer is work for the
 * runtime on every request (about 1 us inside workerd; over HTTP below what the bench resolves).
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
  readonly #start: number;

  constructor(ms: number) {
    this.#ms = ms;
    this.#start = Date.now();
  }

  /** Starts the timer for the time that is left, once: something is being waited for. */
  arm(): void {
    if (this.#timer !== undefined || this.error !== undefined || this.#holders === 0) return;
    // The deadline is the timer's argument, so no closure is made per request.
    this.#timer = setTimeout(expire, Math.max(0, this.#ms - (Date.now() - this.#start)), this);
  }

  /** Rejects with the error when time is up (made on first call; never rejects unhandled). Arms the timer: the caller waits. */
  timeUp(): Promise<never> {
    this.arm();
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
 * Rounds of microtasks an answer may take and still be "ready at once". Nothing else runs while
 * microtasks are queued (no I/O, no timer), so an answer not settled after these rounds waits for
 * something outside and gets the timer; one that is, never needs it. Measured: a page or endpoint
 * settles in 10-16 rounds, through two middleware 15-24 (a module's first load included); one that
 * takes longer only pays for the timer. The rounds cost ~1.3 us (Node) where the answer waits anyway.
 */
const READY_ROUNDS = 48;

/**
 * What `work` gives, or the deadline's error when time runs out first: then a late result goes to
 * `late` (to cancel its body unread). The caller's hold is released once `work` settles in time.
 * The timer starts only if `work` is still pending after READY_ROUNDS rounds of microtasks.
 */
export function beforeDeadline<T>(deadline: Deadline, work: Promise<T>, late: (value: T) => void): Promise<T | RenderTimeoutError> {
  let settled = false;
  const answer = new Promise<T | RenderTimeoutError>((resolve, reject) => {
    deadline.listen(resolve);
    work.then(
      (value) => {
        settled = true;
        if (deadline.error !== undefined) return late(value);
        deadline.release();
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        if (deadline.error !== undefined) return;
        deadline.release();
        reject(error);
      },
    );
  });
  let round = 0;
  const next = (): void => {
    if (settled) return;
    if (++round === READY_ROUNDS) deadline.arm();
    else void Promise.resolve().then(next);
  };
  void Promise.resolve().then(next);
  return answer;
}

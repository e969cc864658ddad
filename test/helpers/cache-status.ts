/** Waiting for the route cache: a store finishes after the response that made it (waitUntil). */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `send()` until the answer's Cache-Status matches `status`; fails, naming `what` and the last ones seen, after 40 tries. */
export async function untilCacheStatus(send: () => Promise<Response>, status: RegExp, what: string): Promise<{ res: Response; body: string }> {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    const res = await send();
    const body = await res.text();
    const cacheStatus = res.headers.get('cache-status') ?? '(none)';
    if (status.test(cacheStatus)) return { res, body };
    seen.push(cacheStatus);
    await sleep(50);
  }
  throw new Error(`${what}: no Cache-Status matching ${status} in 40 tries; the last ones were ${seen.slice(-3).join(' | ')}`);
}

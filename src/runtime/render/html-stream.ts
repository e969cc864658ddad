/**
 * Turns a hono/jsx tree into a ReadableStream of UTF-8 HTML, in document order, flushing
 * everything that is ready whenever the next part is still pending. A page that is complete
 * within the first run (nothing pending, at most FIRST_RUN characters) becomes a body the
 * platform writes natively.
 */
import type { Deadline } from '../deadline.ts';
import type { HeadInserter } from './head-links.ts';
import { RenderState } from './render-state.ts';
import type { RenderScope } from './scope.ts';
import { isAllText, Slot, type Part } from './slot.ts';
import { Walker } from './walker.ts';

/** Characters gathered before a chunk is enqueued. */
const CHUNK = 16 * 1024;
/** Bytes the stream renders ahead of its reader. */
const READ_AHEAD = 64 * 1024;
/**
 * Characters rendered before the Response is returned. A page that is complete by then (no
 * pending component) is sent as one body the platform writes natively, with no JS pull per
 * chunk; anything larger or still pending streams as before.
 */
const FIRST_RUN = 128 * 1024;

const encoder = new TextEncoder();

export interface HtmlStreamOptions {
  scope?: RenderScope;
  /** Called with an error that happened after the first byte; the stream then ends cleanly. */
  onError: (error: unknown) => void;
  /** The CSP nonce every `<script>` and `<style>` the page and the framework write gets. */
  nonce?: string;
  /** Text appended (as an HTML comment) where a render failed mid-stream, in development. */
  errorMarker?: (error: unknown) => string;
  /** Render Suspense content in place, in order (an island's HTML: its swap scripts would not run). */
  inOrder?: boolean;
  /** `limits.renderTimeoutMs`: when it passes, the stream ends like a mid-stream error. */
  deadline?: Deadline;
  /** The page's `<head>` additions (its stylesheet links), put in as the first chunks leave. */
  head?: HeadInserter;
}

interface Cursor {
  parts: Part[];
  i: number;
}

/**
 * Renders the first chunk of `root` at once and returns the stream. Throws when that first
 * chunk fails, so the caller can still answer with an error page and status.
 */
export function renderHtmlStream(root: unknown, options: HtmlStreamOptions): ReadableStream<Uint8Array> {
  const html = renderHtml(root, options);
  return typeof html === 'string' ? new Response(html).body! : html;
}

/**
 * renderHtmlStream for a Response body: a page complete within the first run is its HTML as one
 * string (a body the platform writes natively, with its length, and no stream made); anything
 * larger or still pending is the stream.
 */
export function renderHtml(root: unknown, options: HtmlStreamOptions): ReadableStream<Uint8Array> | string {
  const state = new RenderState(options.scope, options.onError, options.nonce, options.inOrder);
  const main = new Walker(state, root);
  main.run(FIRST_RUN);
  const head = options.head;
  if (main.done && state.pendingTails === 0 && isAllText(main.out)) {
    const html = main.out.length === 1 ? main.out[0]! : main.out.join('');
    return head ? head.chunk(html) + head.end() : html;
  }
  const cursors: Cursor[] = [{ parts: main.out, i: 0 }];
  const deadline = options.deadline;
  deadline?.hold();
  let held = deadline !== undefined;
  // Ends the hold once: the stream closed, failed or its reader went away.
  const release = (): void => {
    if (held) deadline!.release();
    held = false;
  };
  const wait = (ready: Promise<unknown>): Promise<unknown> => (deadline ? Promise.race([ready, deadline.timeUp()]) : ready);

  const pull = async (controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> => {
    let chunk = '';
    const send = (): void => {
      if (chunk) controller.enqueue(encoder.encode(head ? head.chunk(chunk) : chunk));
      chunk = '';
    };
    try {
      if (deadline?.error) throw deadline.error;
      for (;;) {
        const top = cursors[cursors.length - 1];
        if (top === undefined) break;
        if (top.i < top.parts.length) {
          const part = top.parts[top.i++]!;
          if (typeof part === 'string') {
            chunk += part;
            if (chunk.length >= CHUNK) return send();
            continue;
          }
          if (!part.settled) {
            send();
            // Whatever comes later in the document starts now, while we wait in order.
            if (!main.done) main.run(Infinity);
            await wait(part.ready);
            if (state.aborted) return;
          }
          if (part.failed) throw part.error;
          cursors.push({ parts: part.parts, i: 0 });
          continue;
        }
        if (top.parts === main.out && !main.done) {
          top.parts.length = 0;
          top.i = 0;
          main.run(CHUNK);
          continue;
        }
        cursors.pop();
      }
      // The document is complete: append Suspense replacements as they resolve.
      for (;;) {
        if (state.tails.length > 0) {
          chunk += state.tails.splice(0).join('');
          return send();
        }
        if (state.pendingTails === 0) break;
        send();
        await wait(state.nextTail());
        if (state.aborted) return;
      }
      if (head) chunk += head.end();
      send();
      release();
      controller.close();
    } catch (error) {
      state.aborted = true;
      release();
      options.onError(error);
      if (options.errorMarker) chunk += options.errorMarker(error);
      send();
      controller.close();
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      pull,
      cancel() {
        state.aborted = true;
        release();
      },
    },
    { highWaterMark: READ_AHEAD, size: (chunk) => chunk.byteLength },
  );
}

export { Slot };

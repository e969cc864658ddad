/** The dev server's error page: message, hint, route, file:line:column, a code frame and the stack. */
import type { DevErrorInfo } from '../runtime/dev-error.ts';
import type { Frame, StackMapper } from './stack-map.ts';
import { reloadScriptTag } from './reload-client.ts';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Lines `line - 3` to `line + 3` of `source`, the error line marked and a caret under `column`. */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split('\n');
  const from = Math.max(1, line - 3);
  const to = Math.min(lines.length, line + 3);
  const width = String(to).length;
  let html = '';
  for (let n = from; n <= to; n++) {
    const text = esc((lines[n - 1] ?? '').replace(/\t/g, '  '));
    const gutter = String(n).padStart(width);
    if (n === line) {
      html += `<span class="hit">&gt; ${gutter} | ${text}</span>\n`;
      html += `<span class="caret">  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1))}^</span>\n`;
    } else html += `  ${gutter} | ${text}\n`;
  }
  return html;
}

const STYLE = `body{margin:0;font:15px/1.5 system-ui,sans-serif;background:#1b1b1f;color:#e6e6e6}
main{max-width:960px;margin:0 auto;padding:32px}h1{font-size:20px;color:#ff6b6b;margin:0 0 8px;white-space:pre-wrap;word-break:break-word}
.meta{color:#aaa}.hint{background:#2a2a10;border-left:4px solid #e5c07b;padding:8px 12px;margin:16px 0}
pre{background:#111;padding:12px;overflow:auto;font:13px/1.5 ui-monospace,monospace;border-radius:6px}
.hit{background:#4a1d1d;display:inline-block;min-width:100%}.caret{color:#ff6b6b}.loc{font-family:ui-monospace,monospace;color:#61afef}
details summary{cursor:pointer;color:#aaa}.site{color:#e6e6e6}.framework{color:#777}`;

function frameLine(frame: Frame): string {
  return `at ${frame.fn ? `${esc(frame.fn)} ` : ''}<span class="loc">${esc(frame.file)}:${frame.line}:${frame.column}</span>`;
}

/** The body of the error page (also sent to the client script for errors shown mid-stream). */
export function errorDetails(info: DevErrorInfo, mapper: StackMapper): string {
  const frames = info.stack ? mapper.frames(info.stack) : [];
  const at = info.location ?? frames.find((f) => f.site);
  let html = `<h1>${esc(info.name)}: ${esc(info.message)}</h1>`;
  html += `<div class="meta">while answering ${esc(info.route)}</div>`;
  if (info.hint) html += `<div class="hint">${esc(info.hint)}</div>`;
  if (at) {
    html += `<p class="loc" data-location>${esc(at.file)}:${at.line}:${at.column}</p>`;
    const source = mapper.source(at.file, info.location !== undefined);
    if (source) html += `<pre class="frame">${codeFrame(source, at.line, at.column)}</pre>`;
  }
  const site = frames.filter((f) => f.site);
  const framework = frames.filter((f) => !f.site);
  if (site.length > 0) html += `<pre class="site">${site.map(frameLine).join('\n')}</pre>`;
  if (framework.length > 0) html += `<details><summary>${framework.length} frames in edgepress and node_modules</summary><pre class="framework">${framework.map(frameLine).join('\n')}</pre></details>`;
  return html;
}

/** The same, as text for the terminal: the message, where, and the site's own frames. */
export function errorSummary(info: DevErrorInfo, mapper: StackMapper): string {
  const frames = info.stack ? mapper.frames(info.stack) : [];
  const at = info.location ?? frames.find((f) => f.site);
  const lines = [`edgepress: ${info.name}: ${info.message}`, `  while answering ${info.route}`];
  if (at) lines.push(`  at ${at.file}:${at.line}:${at.column}`);
  for (const frame of frames.filter((f) => f.site && f !== at)) lines.push(`  at ${frame.fn ? `${frame.fn} ` : ''}${frame.file}:${frame.line}:${frame.column}`);
  if (info.hint) lines.push(`  ${info.hint}`);
  return lines.join('\n');
}

/** A whole error page, with the reload script (of build `generation`) so a fix brings the page back. */
export function overlayPage(info: DevErrorInfo, mapper: StackMapper, generation = 0): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${reloadScriptTag(generation)}<title>${esc(info.name)}: ${esc(info.message.slice(0, 80))}</title><style>${STYLE}</style></head><body><main id="edgepress-error">${errorDetails(info, mapper)}</main></body></html>`;
}

// Types the site adds to edgepress.
/// <reference types="edgepress/assets" />
declare namespace App {
  /** What middleware puts in `ctx.locals`. */
  interface Locals {}
  /** `ctx.env`: the bindings `npm run types` (wrangler types) generates from wrangler.jsonc. */
  interface Env extends Cloudflare.Env {}
}

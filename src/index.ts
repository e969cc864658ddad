/** edgepress: what a site imports. */
export { defineConfig } from './config.ts';
export type { UserConfig, ResolvedConfig, Output, TrailingSlash, AdapterName, RedirectTarget, RedirectStatus, CacheRule, CacheConfig } from './config.ts';
export type { EnvConfig, EnvField, EnvSchema, EnvFromSchema, SiteEnv } from './config-env.ts';
export { EnvError } from './runtime/env/setup.ts';
export type { SessionConfig, SessionCookieConfig, SessionDriverName, SecurityConfig, CspConfig, CspSources } from './config-security.ts';
export { Session, SessionValueError } from './runtime/session/session.ts';
export type { SessionSetOptions } from './runtime/session/session.ts';
export { SessionStoreError } from './runtime/session/driver.ts';
export type { SessionDriver, SessionDriverFactory } from './runtime/session/driver.ts';
export type { CspNonce } from './runtime/csp/nonce.ts';
export type { PageContext, EndpointContext, PageResponse, Params, PlatformContext } from './runtime/context.ts';
export { Cookies, CookieValue } from './runtime/cookies.ts';
export type { CookieSetOptions, CookieGetOptions, CookieDeleteOptions } from './runtime/cookies.ts';
export {
  ResponseSentError,
  InvalidRedirectError,
  PrerenderRequestDataError,
  InvalidCookieError,
  InvalidRouteModuleError,
  RewriteError,
  NotBundledError,
} from './runtime/errors.ts';
export { invalidate, RouteCache } from './runtime/cache/invalidate.ts';
export { CacheConfigError } from './runtime/cache/types.ts';
export type { CacheOptions, InvalidateTarget } from './runtime/cache/types.ts';
export { usePage, NoPageContextError } from './runtime/use-page.ts';
export { defer, IslandPropsError, IslandSetupError } from './runtime/islands/defer.ts';
export type { DeferOptions } from './runtime/islands/defer.ts';
export { IslandKeyError } from './runtime/islands/props-cipher.ts';
export type { ClientDirectives } from './runtime/client-islands/island.ts';
export { ClientIslandPropsError } from './runtime/client-islands/props.ts';
export { defineMiddleware, sequence } from './runtime/middleware.ts';
export type { MiddlewareHandler, MiddlewareNext, RewriteTarget } from './runtime/middleware.ts';
export { createHandler } from './runtime/handler.ts';
export type { App, FetchHandler, HandlerOptions } from './runtime/handler.ts';
export { renderHtmlStream } from './runtime/render/html-stream.ts';
export type { AssetServer, AssetStore, AssetManifest, AssetInfo } from './runtime/assets/asset-server.ts';
export { createAssetServer } from './runtime/assets/asset-server.ts';

import type { PageContext, EndpointContext, Params } from './runtime/context.ts';

/** An entry of `getStaticPaths()`. */
export interface StaticPath<P extends Params = Params, Props = Record<string, unknown>> {
  params: P;
  props?: Props;
}

/** `export const getStaticPaths: GetStaticPaths = ({ env }) => [...]`; `env` holds the build's bindings on the Cloudflare adapters. */
export type GetStaticPaths<P extends Params = Params, Props = Record<string, unknown>, Env = App.Env> = (context: { env: Env }) =>
  | StaticPath<P, Props>[]
  | Promise<StaticPath<P, Props>[]>;

/** JSON a `buildKey` may be. */
type BuildKeyValue = string | number | boolean | null | BuildKeyValue[] | { [key: string]: BuildKeyValue };

/**
 * `export const buildKey: BuildKey = ({ params }) => revision(params.id)`: the version of the data a
 * prerendered page reads while rendering; a rebuild keeps the page while its code, its
 * `getStaticPaths` entry and this key are unchanged (docs/incremental-builds.md).
 */
export type BuildKey<P extends Params = Params, Props = Record<string, unknown>> =
  | BuildKeyValue
  | ((context: { params: P; props: Props }) => BuildKeyValue | Promise<BuildKeyValue>);

/** An endpoint's method handler. */
export type APIRoute<P extends Params = Params, Props = Record<string, unknown>, Env = App.Env> = (
  ctx: EndpointContext<P, Props, Env>,
) => Response | Promise<Response>;

/** A page's default export. */
export type Page<P extends Params = Params, Props = Record<string, unknown>, Env = App.Env> = (
  ctx: PageContext<P, Props, Env>,
) => unknown;

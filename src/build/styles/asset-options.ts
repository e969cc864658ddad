/**
 * Imported files that are not code: the route graph pass and the stylesheets (their `url()`s)
 * write them with esbuild's `file` loader under `<base>_assets/`, named by a hash of their
 * content; every other bundle (server, prerender, client islands, dev) reads their URLs from the
 * graph pass (import-plugin.ts), so an asset has one URL and one file whoever imports it.
 */
import type { BuildOptions, Loader } from 'esbuild';

/** The folder under the base where hashed build outputs (stylesheets, assets) live; served as immutable. */
export const ASSETS_DIR = '_assets';

/** File types an import turns into a hashed URL (images, fonts, media, documents). */
export const ASSET_EXTENSIONS = [
  // images
  'apng', 'avif', 'bmp', 'gif', 'ico', 'jpeg', 'jpg', 'png', 'svg', 'tif', 'tiff', 'webp', 'cur',
  // fonts
  'eot', 'otf', 'ttf', 'woff', 'woff2',
  // media
  'aac', 'flac', 'm4a', 'mp3', 'mp4', 'oga', 'ogg', 'ogv', 'opus', 'wav', 'webm', 'mov', 'vtt',
  // documents and data files
  'pdf', 'wasm', 'webmanifest', 'zip',
];

const FILE_LOADERS: Record<string, Loader> = Object.fromEntries(ASSET_EXTENSIONS.map((ext) => [`.${ext}`, 'file' as const]));

/** Matches a path with one of ASSET_EXTENSIONS. */
export const ASSET_FILTER = new RegExp(`\\.(${ASSET_EXTENSIONS.join('|')})$`, 'i');

/** esbuild options that write imported assets (from JS and from CSS `url()`) under `base`, hashed. */
export function assetOptions(base: string): Pick<BuildOptions, 'loader' | 'assetNames' | 'publicPath'> {
  return {
    loader: FILE_LOADERS,
    assetNames: `${ASSETS_DIR}/[name].[hash]`,
    // Absolute from the site's root, so the URL is the same from any page and any stylesheet.
    publicPath: base,
  };
}

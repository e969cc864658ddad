/**
 * What style and asset imports give in an edgepress site (add `/// <reference types="edgepress/assets" />`
 * to a .d.ts of the site, as the starter's env.d.ts does).
 */

/** A CSS Module: its class names, scoped to the file (`styles.btn` -> 'btn_3f2a1b'). */
declare module '*.module.css' {
  const classes: { readonly [name: string]: string };
  export default classes;
}

/** A stylesheet: linked into the `<head>` of every page whose module graph imports it. */
declare module '*.css' {}

/** The text of any file. */
declare module '*?raw' {
  const text: string;
  export default text;
}

/** Files that become their hashed URL under the base (`/_assets/logo.3f2a1b.svg`). */
declare module '*.apng' { const url: string; export default url; }
declare module '*.avif' { const url: string; export default url; }
declare module '*.bmp' { const url: string; export default url; }
declare module '*.cur' { const url: string; export default url; }
declare module '*.gif' { const url: string; export default url; }
declare module '*.ico' { const url: string; export default url; }
declare module '*.jpeg' { const url: string; export default url; }
declare module '*.jpg' { const url: string; export default url; }
declare module '*.png' { const url: string; export default url; }
declare module '*.svg' { const url: string; export default url; }
declare module '*.tif' { const url: string; export default url; }
declare module '*.tiff' { const url: string; export default url; }
declare module '*.webp' { const url: string; export default url; }
declare module '*.eot' { const url: string; export default url; }
declare module '*.otf' { const url: string; export default url; }
declare module '*.ttf' { const url: string; export default url; }
declare module '*.woff' { const url: string; export default url; }
declare module '*.woff2' { const url: string; export default url; }
declare module '*.aac' { const url: string; export default url; }
declare module '*.flac' { const url: string; export default url; }
declare module '*.m4a' { const url: string; export default url; }
declare module '*.mp3' { const url: string; export default url; }
declare module '*.mp4' { const url: string; export default url; }
declare module '*.oga' { const url: string; export default url; }
declare module '*.ogg' { const url: string; export default url; }
declare module '*.ogv' { const url: string; export default url; }
declare module '*.opus' { const url: string; export default url; }
declare module '*.wav' { const url: string; export default url; }
declare module '*.webm' { const url: string; export default url; }
declare module '*.mov' { const url: string; export default url; }
declare module '*.vtt' { const url: string; export default url; }
declare module '*.pdf' { const url: string; export default url; }
declare module '*.wasm' { const url: string; export default url; }
declare module '*.webmanifest' { const url: string; export default url; }
declare module '*.zip' { const url: string; export default url; }

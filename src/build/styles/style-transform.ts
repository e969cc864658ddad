/**
 * What a stylesheet of the site goes through before esbuild bundles it: the site's PostCSS
 * (only when it has a `postcss.config.*`), then, for a CSS Module (`*.module.css`), Lightning
 * CSS's scoping. Class names are `<local>_<hash of the file's path>`: the same in every bundle
 * (server, prerender, client, dev) and across edits of the file, so the HTML and the CSS agree
 * and a swapped stylesheet keeps matching the page.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { BuildError } from '../build-error.ts';

/** The names PostCSS configs go by (postcss-load-config's list), looked for in the site's root only. */
const POSTCSS_CONFIGS = [
  'postcss.config.js', 'postcss.config.mjs', 'postcss.config.cjs', 'postcss.config.ts', 'postcss.config.mts', 'postcss.config.cts', 'postcss.config.json',
  '.postcssrc', '.postcssrc.json', '.postcssrc.yaml', '.postcssrc.yml', '.postcssrc.js', '.postcssrc.mjs', '.postcssrc.cjs', '.postcssrc.ts',
];

/** Browsers the scoped CSS is written for: Lightning CSS would otherwise print syntax older browsers lack (range media queries). */
const TARGETS = { chrome: 107 << 16, edge: 107 << 16, firefox: 104 << 16, safari: 16 << 16, ios_saf: 16 << 16 };

export const isCssModule = (path: string): boolean => /\.module\.css$/i.test(path);

/** A stylesheet ready for esbuild, and a CSS Module's classes (`local -> 'scoped [composed...]'`). */
export interface TransformedStyle {
  css: string;
  classes?: Record<string, string>;
  /** Files PostCSS read to produce it (Tailwind's sources): a change to them changes the CSS. */
  dependencies: string[];
}

type PostcssRunner = (css: string, from: string) => Promise<{ css: string; dependencies: string[] }>;

/** Transforms the site's stylesheets, each once per content and build (`clear()` starts a new build). */
export class StyleTransformer {
  private readonly cache = new Map<string, Promise<TransformedStyle>>();
  private postcss: Promise<PostcssRunner | undefined> | undefined;
  /** The site's PostCSS config file, if it has one. */
  readonly postcssConfig: string | undefined;

  constructor(readonly root: string) {
    this.postcssConfig = POSTCSS_CONFIGS.find((name) => existsSync(join(root, name)));
  }

  /** `file` (absolute) as esbuild should see it. */
  transform(file: string): Promise<TransformedStyle> {
    const source = readFileSync(file, 'utf8');
    const key = `${file}\0${createHash('sha1').update(source).digest('base64')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const result = this.run(file, source);
    this.cache.set(key, result);
    return result;
  }

  /** Forgets every result: PostCSS output (Tailwind's) depends on other files of the site, which may have changed. */
  clear(): void {
    this.cache.clear();
  }

  private async run(file: string, source: string): Promise<TransformedStyle> {
    let css = source;
    let dependencies: string[] = [];
    const postcss = await this.postcssRunner();
    if (postcss) ({ css, dependencies } = await postcss(css, file));
    if (!isCssModule(file)) return { css, dependencies };
    return { ...(await this.scope(file, css)), dependencies };
  }

  /** Lightning CSS's CSS Modules: scoped names and the class map. */
  private async scope(file: string, css: string): Promise<{ css: string; classes: Record<string, string> }> {
    const { transform } = await import('lightningcss');
    const name = relative(this.root, file).split('\\').join('/');
    let result: ReturnType<typeof transform>;
    try {
      result = transform({ filename: name, code: Buffer.from(css), cssModules: { pattern: '[local]_[hash]' }, targets: TARGETS });
    } catch (error) {
      const e = error as { message?: string; loc?: { line: number; column: number } };
      throw new BuildError(name, `${e.loc ? `${e.loc.line}:${e.loc.column}: ` : ''}${e.message ?? String(error)}`);
    }
    const classes: Record<string, string> = {};
    for (const [local, entry] of Object.entries(result.exports ?? {})) {
      const composed = entry.composes.map((c) => {
        if (c.type === 'dependency') throw new BuildError(name, `\`composes: ${c.name} from '${c.specifier}'\` is not supported; import that module too and join the class names in JSX.`);
        return c.name;
      });
      classes[local] = [entry.name, ...composed].join(' ');
    }
    return { css: result.code.toString(), classes };
  }

  /** The site's PostCSS with its config, loaded once; undefined without a config. */
  private postcssRunner(): Promise<PostcssRunner | undefined> {
    if (!this.postcssConfig) return Promise.resolve(undefined);
    return (this.postcss ??= this.loadPostcss(this.postcssConfig));
  }

  private async loadPostcss(configName: string): Promise<PostcssRunner> {
    const { default: loadConfig } = await import('postcss-load-config');
    let config: Awaited<ReturnType<typeof loadConfig>>;
    try {
      config = await loadConfig({ cwd: this.root, env: process.env.NODE_ENV ?? 'production' }, this.root, { stopDir: this.root });
    } catch (error) {
      throw new BuildError(configName, `could not load the PostCSS config: ${(error as Error).message}`);
    }
    // The site's own postcss if it installed one (its plugins were made for it), else ours.
    const fromSite = createRequire(join(this.root, 'package.json'));
    let postcss: typeof import('postcss').default;
    try {
      postcss = fromSite('postcss') as typeof import('postcss').default;
    } catch {
      postcss = (await import('postcss')).default;
    }
    const processor = postcss(config.plugins as import('postcss').AcceptedPlugin[]);
    return async (css, from) => {
      try {
        const result = await processor.process(css, { ...config.options, from, to: from, map: false });
        const dependencies = result.messages.filter((m) => m.type === 'dependency' && typeof m.file === 'string').map((m) => m.file as string);
        return { css: result.css, dependencies };
      } catch (error) {
        const e = error as { name?: string; reason?: string; line?: number; column?: number; message?: string };
        const where = e.line !== undefined ? `${e.line}:${e.column ?? 0}: ` : '';
        throw new BuildError(relative(this.root, from), `${where}${e.reason ?? e.message ?? String(error)} (PostCSS, ${configName})`);
      }
    };
  }
}

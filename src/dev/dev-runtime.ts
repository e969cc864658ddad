/**
 * The one workerd `edgepress dev` keeps alive (Miniflare, in this process), configured from the
 * site's wrangler config as `wrangler dev` would be: vars and `.dev.vars`, KV, D1, R2, Durable
 * Objects, static assets, and wrangler's local persistence folder (`.wrangler/state/v3`), so
 * data written under either is found by both. Each build is loaded into the running worker
 * (runner-worker.ts); workerd restarts only when its configuration must change.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Log, LogLevel, Miniflare, type MiniflareOptions } from 'miniflare';
import { devWorkerOptions, ownWorkerClasses } from '../../adapters/cloudflare/miniflare-options.ts';
import type { KvBulkEntry } from '../../adapters/cloudflare/kv-assets.ts';
import { LOAD_HEADER, RUNNER_BINDINGS, RUNNER_CLASS, runnerWorkerSource, VENDOR_MISSING, type LoadHeaders } from './runner-worker.ts';
import type { VendorCode } from './vendor-bundle.ts';

/** What workerd needs to know of the site; a change of any of it is a restart. */
export interface RuntimeConfig {
  root: string;
  /** The generated wrangler config (what dist/server/wrangler.json of a build holds). */
  wrangler: Record<string, unknown>;
  /** dist/server: the folder the config's relative paths start from. */
  serverDir: string;
  /** The Worker module's export names (a change restarts: stand-in classes are made per export). */
  exports: string[];
  /** The static files (their list: Miniflare reads the folder's listing when it starts). */
  assets: string[];
}

/** A build of the site's server code, ready to evaluate: the site's own modules and the vendor bundle they read. */
export interface RuntimeBuild {
  code: string;
  /** The file stacks name (the bundle on disk, which the source map belongs to). */
  file: string;
  /** The platform modules the code asks for (node:*, cloudflare:*). */
  modules: string[];
  vendor: VendorCode;
}

/** A build that threw while its module was evaluated. */
export class LoadError extends Error {
  override name = 'LoadError';
  constructor(readonly error: { name: string; message: string; stack: string }) {
    super(error.message);
  }
}

export class DevRuntime {
  /** `mapText` rewrites what workerd prints (stack positions in the bundle) before it reaches the terminal. */
  constructor(private readonly mapText: (text: string) => string = (text) => text) {}

  private mf: Miniflare | undefined;
  private origin: string | undefined;
  private key = '';
  private readonly token = randomBytes(24).toString('base64url');
  private loaded = false;
  /** The vendor bundle the running worker holds. */
  private vendorId: string | undefined;

  /** The worker's origin while it runs with a build loaded (requests during a load wait for it there). */
  get url(): string | undefined {
    return this.loaded ? this.origin : undefined;
  }

  private options(config: RuntimeConfig): MiniflareOptions {
    const worker = devWorkerOptions(config.root, config.serverDir, config.wrangler);
    const classes = ownWorkerClasses(config.wrangler);
    return {
      host: '127.0.0.1',
      port: 0,
      // No fetch of Cloudflare's Request.cf data (offline, it printed a DNS stack): the built-in placeholder.
      cf: false,
      log: new Log(LogLevel.WARN),
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        stdout.on('data', (data: Buffer) => process.stdout.write(this.mapText(data.toString())));
        stderr.on('data', (data: Buffer) => process.stderr.write(this.mapText(data.toString())));
      },
      defaultPersistRoot: join(config.root, '.wrangler/state/v3'),
      workers: [
        {
          ...worker,
          name: (worker.name as string | undefined) ?? 'edgepress-dev',
          modules: [{ type: 'ESModule', path: join(config.root, 'dist/.edgepress-dev/runner.js'), contents: runnerWorkerSource(this.token, classes) }],
          // Module names are paths under this folder (workerd refuses '..', as for a site outside the working directory).
          modulesRoot: join(config.root, 'dist/.edgepress-dev'),
          unsafeEvalBinding: RUNNER_BINDINGS.eval,
          durableObjects: { ...(worker.durableObjects as object), [RUNNER_BINDINGS.runner]: { className: RUNNER_CLASS } },
        },
      ],
    } as MiniflareOptions;
  }

  /**
   * Runs `build`: starts workerd, or restarts it when `config` differs from the running one, then
   * evaluates the build in the running worker. Resolves whether workerd (re)started; throws
   * LoadError when the build's module throws, other errors when workerd cannot start.
   */
  async run(config: RuntimeConfig, build: RuntimeBuild): Promise<boolean> {
    const key = JSON.stringify([config.wrangler, config.exports, config.assets, readOr(join(config.root, '.dev.vars')), readOr(join(config.root, '.env'))]);
    const restart = !this.mf || key !== this.key;
    if (restart) {
      this.origin = undefined;
      this.key = '';
      this.vendorId = undefined;
      const options = this.options(config);
      try {
        if (this.mf) await this.mf.setOptions(options);
        else this.mf = new Miniflare(options);
        this.origin = (await this.mf.ready).toString().replace(/\/$/, '');
      } catch (error) {
        await this.dispose();
        throw error;
      }
      this.key = key;
    }
    await this.load(build);
    return restart;
  }

  /** Evaluates `build` in the running worker (sending its vendor bundle first when the worker lacks it); throws LoadError when a module throws. */
  private async load(build: RuntimeBuild): Promise<void> {
    this.loaded = true;
    const site = (): Promise<Response> => this.send({ kind: 'site', vendor: build.vendor.id, file: build.file, modules: build.modules }, build.code);
    if (this.vendorId !== build.vendor.id) await this.sendVendor(build.vendor);
    let res = await site();
    if (res.status === VENDOR_MISSING) {
      await res.text();
      await this.sendVendor(build.vendor);
      res = await site();
    }
    if (res.status === 500) throw new LoadError((await res.json()) as LoadError['error']);
    await res.text();
    if (!res.ok) throw new Error(`the dev runtime refused the build (${res.status})`);
  }

  private async sendVendor(vendor: VendorCode): Promise<void> {
    this.vendorId = undefined;
    const res = await this.send({ kind: 'vendor', vendor: vendor.id, file: vendor.file, modules: vendor.modules }, vendor.code);
    if (res.status === 500) throw new LoadError((await res.json()) as LoadError['error']);
    await res.text();
    if (!res.ok) throw new Error(`the dev runtime refused the vendor bundle (${res.status})`);
    this.vendorId = vendor.id;
  }

  /** Posts code to the runner: straight to workerd's socket, as the dev server sends pages' requests (Miniflare's dispatchFetch adds a few ms of its own). */
  private send(headers: LoadHeaders, code: string): Promise<Response> {
    return fetch(`${this.origin}/__edgepress/dev-load`, {
      method: 'POST',
      headers: { [LOAD_HEADER]: this.token, 'x-edgepress-dev-build': JSON.stringify(headers) },
      body: code,
    });
  }

  /** Seeds local KV from `seed/kv/<BINDING>.json` files (the format `wrangler kv bulk put` takes). */
  async seedKv(root: string, log: (text: string) => void): Promise<void> {
    const dir = join(root, 'seed/kv');
    if (!this.mf || !existsSync(dir)) return;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      const binding = name.slice(0, -'.json'.length);
      try {
        const kv = await this.mf.getKVNamespace(binding);
        const entries = JSON.parse(readFileSync(join(dir, name), 'utf8')) as KvBulkEntry[];
        for (const entry of entries) await kv.put(entry.key, entry.base64 ? Uint8Array.from(Buffer.from(entry.value, 'base64')).buffer : entry.value);
        log(`edgepress: seeded local KV ${binding} from seed/kv/${name}`);
      } catch (error) {
        log(`edgepress: could not seed KV ${binding}: ${(error as Error).message}`);
      }
    }
  }

  /** Stops workerd. */
  async dispose(): Promise<void> {
    const mf = this.mf;
    this.mf = undefined;
    this.origin = undefined;
    this.loaded = false;
    this.vendorId = undefined;
    await mf?.dispose();
  }
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * Deterministic authenticated encryption of island props (SIV construction, Web Crypto only):
 * the IV is a 128-bit HMAC-SHA-256 of the island id and the plaintext, and the plaintext is
 * encrypted with AES-256-CTR under that IV. The same props under the same key give the same token
 * (so a CDN can cache the island's URL, which a random IV prevents); opening recomputes the HMAC,
 * so any changed bit, or props sealed for another island or with an unknown key, are refused.
 */

/** A key as `EDGEPRESS_KEY` holds it: 32 random bytes, base64. */
export type IslandKeyText = string;

/** The two subkeys derived from one key: one for the IV (HMAC), one for the cipher (AES-CTR). */
interface KeyPair {
  mac: CryptoKey;
  enc: CryptoKey;
}

/** Keys to seal with (the first) and open with (each in turn). */
export interface KeyRing {
  readonly keys: ReadonlyArray<Promise<KeyPair>>;
}

/** Thrown for a malformed `EDGEPRESS_KEY`; says how to make a good one. */
export class IslandKeyError extends Error {
  override name = 'IslandKeyError';
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const IV_BYTES = 16;

/** Splits `EDGEPRESS_KEY` ("new,old") into its keys, in order. */
export function parseKeyList(value: string): IslandKeyText[] {
  return value.split(',').map((key) => key.trim()).filter((key) => key !== '');
}

/** The 32 bytes of a key (base64 or base64url), or undefined when `text` is not one. */
export function keyBytes(text: IslandKeyText): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  try {
    const raw = fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
    return raw.length === 32 ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** A ring of `keys` (base64 text), imported lazily and once. */
export function keyRing(keys: readonly IslandKeyText[]): KeyRing {
  return {
    keys: keys.map((key) => {
      const pair = importKey(key);
      // A key no request reaches (the second of a ring, say) must not become an unhandled rejection.
      pair.catch(() => {});
      return pair;
    }),
  };
}

/**
 * The ring for a request: `EDGEPRESS_KEY` from the platform's env first (when set), then the
 * build's `buildKeys`. One ring per distinct runtime value: a CryptoKey is imported once per isolate.
 */
export function envKeyRing(buildKeys: readonly IslandKeyText[]): (env: unknown) => KeyRing {
  const fromBuild = keyRing(buildKeys);
  const rings = new Map<string, KeyRing>();
  return (env) => {
    const value = (env as { EDGEPRESS_KEY?: unknown } | undefined)?.EDGEPRESS_KEY;
    if (typeof value !== 'string' || value.trim() === '') return fromBuild;
    let ring = rings.get(value);
    if (!ring) {
      ring = runtimeRing(value, buildKeys, fromBuild);
      rings.set(value, ring);
    }
    return ring;
  };
}

/**
 * The ring for a runtime `EDGEPRESS_KEY`, then the build's keys it does not repeat. A key that
 * is not 32 bytes of base64 (a typo in "<new>,<old>") is left out with one logged line naming
 * its place, once per value: the site keeps serving with the others.
 */
function runtimeRing(value: string, buildKeys: readonly string[], fromBuild: KeyRing): KeyRing {
  const listed = parseKeyList(value);
  const runtime = listed.filter((key, i) => {
    if (keyBytes(key)) return true;
    console.error(`[edgepress] EDGEPRESS_KEY: key ${i + 1} of ${listed.length} is not 32 bytes of base64, so it is ignored; make one with \`npx edgepress create-key\` (keys are comma-separated, the newest first).`);
    return false;
  });
  return { keys: [...keyRing(runtime).keys, ...fromBuild.keys.filter((_, i) => !runtime.includes(buildKeys[i]!))] };
}

async function importKey(text: IslandKeyText): Promise<KeyPair> {
  const raw = keyBytes(text);
  if (!raw) throw new IslandKeyError('EDGEPRESS_KEY must hold base64 keys of 32 bytes, comma-separated; make one with `npx edgepress create-key`.');
  const master = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  // Two independent subkeys from the one secret, so the IV's MAC and the cipher never share a key.
  const derive = async (label: string): Promise<ArrayBuffer> => crypto.subtle.sign('HMAC', master, encoder.encode(label));
  const [mac, enc] = await Promise.all([derive('edgepress islands mac'), derive('edgepress islands enc')]);
  return {
    mac: await crypto.subtle.importKey('raw', mac, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
    enc: await crypto.subtle.importKey('raw', enc, { name: 'AES-CTR' }, false, ['encrypt', 'decrypt']),
  };
}

async function syntheticIv(pair: KeyPair, id: string, plain: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  // The id is length-prefixed so ("ab", "c…") and ("a", "bc…") never collide.
  const idBytes = encoder.encode(id);
  const input = new Uint8Array(4 + idBytes.length + plain.length);
  new DataView(input.buffer).setUint32(0, idBytes.length);
  input.set(idBytes, 4);
  input.set(plain, 4 + idBytes.length);
  return new Uint8Array(await crypto.subtle.sign('HMAC', pair.mac, input), 0, IV_BYTES);
}

/** The token for `text` (serialised props) of island `id`, sealed with the ring's first key. */
export async function seal(ring: KeyRing, id: string, text: string): Promise<string> {
  const pair = await ring.keys[0]!;
  const plain = encoder.encode(text);
  const iv = await syntheticIv(pair, id, plain);
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CTR', counter: iv, length: 64 }, pair.enc, plain));
  const token = new Uint8Array(IV_BYTES + cipher.length);
  token.set(iv);
  token.set(cipher, IV_BYTES);
  return toBase64Url(token);
}

/** The serialised props in `token`, or undefined when no key of the ring sealed it for island `id`. */
export async function open(ring: KeyRing, id: string, token: string): Promise<string | undefined> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64Url(token);
  } catch {
    return undefined;
  }
  if (bytes.length < IV_BYTES) return undefined;
  const iv = bytes.subarray(0, IV_BYTES);
  for (const key of ring.keys) {
    const pair = await key;
    const plain = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CTR', counter: iv, length: 64 }, pair.enc, bytes.subarray(IV_BYTES)));
    if (equal(await syntheticIv(pair, id, plain), iv)) {
      try {
        return decoder.decode(plain);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Constant-time comparison: how many bytes match says nothing through timing. */
function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

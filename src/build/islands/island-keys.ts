/** The keys a build seals island props with: `EDGEPRESS_KEY` from its environment, else one made for this build (with a warning). */
import { randomBytes } from 'node:crypto';
import { BuildError } from '../build-error.ts';
import { keyBytes, parseKeyList } from '../../runtime/islands/props-cipher.ts';

export interface IslandKeys {
  /** Base64 keys, the sealing one first. */
  keys: string[];
  /** Set when no EDGEPRESS_KEY was given: what the build summary warns. */
  warning?: string;
}

/** A new key: 32 random bytes, base64 (what `edgepress create-key` prints). */
export function createKey(): string {
  return randomBytes(32).toString('base64');
}

/** Reads and checks `EDGEPRESS_KEY` ("new,old"); none: a fresh key and the warning. */
export function islandKeys(value: string | undefined = process.env.EDGEPRESS_KEY): IslandKeys {
  const keys = parseKeyList(value ?? '');
  if (keys.length === 0) {
    return {
      keys: [createKey()],
      warning:
        'EDGEPRESS_KEY is not set: server islands seal their props with a key made for this build, so island URLs change with every deploy and pages ' +
        'of the previous deploy cannot load their islands. Run `npx edgepress create-key` and set EDGEPRESS_KEY in the build (and runtime) environment.',
    };
  }
  keys.forEach((key, i) => {
    if (!keyBytes(key)) {
      throw new BuildError('EDGEPRESS_KEY', `key ${i + 1} is not 32 bytes of base64; make one with \`npx edgepress create-key\` (several keys are comma-separated, the newest first).`);
    }
  });
  return { keys };
}

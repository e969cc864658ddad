/** Output parts: text, or a slot an async component fills later. */

export type Part = string | Slot;

/** A placeholder for the output of an async component, in document order. */
export class Slot {
  parts: Part[] = [];
  settled = false;
  failed = false;
  error: unknown;
  declare readonly ready: Promise<void>;
  #signal!: () => void;

  constructor() {
    this.ready = new Promise((resolve) => (this.#signal = resolve));
  }

  resolve(parts: Part[]): void {
    this.parts = parts;
    this.settled = true;
    this.#signal();
  }

  fail(error: unknown): void {
    this.error = error;
    this.failed = true;
    this.settled = true;
    this.#signal();
  }
}

/** Waits for every slot in `parts` (nested ones too) and returns the whole text. */
export async function settleParts(parts: Part[]): Promise<string> {
  let html = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      html += part;
      continue;
    }
    await part.ready;
    if (part.failed) throw part.error;
    html += await settleParts(part.parts);
  }
  return html;
}

/** True when `parts` holds no slot, so it can be inlined as text. */
export function isAllText(parts: Part[]): parts is string[] {
  for (const part of parts) if (typeof part !== 'string') return false;
  return true;
}

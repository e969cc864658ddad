/**
 * A client island's props, written into the page for the browser: JSON when they are JSON (the
 * browser needs nothing more to read them), otherwise devalue (Dates, Maps, Sets, BigInts,
 * `undefined`, NaN...; the browser then loads devalue's parser). Functions, class instances and
 * symbols cannot cross: `ClientIslandPropsError` names the island's file, the prop and the fix.
 */
import { stringify } from 'devalue';

/** A prop the browser cannot be given (a function, a class instance, a symbol). */
export class ClientIslandPropsError extends Error {
  override name = 'ClientIslandPropsError';
}

/** The props as page data: `json` when JSON holds them exactly, else `devalue`. */
export type SerialisedProps = { json: string } | { devalue: string };

/** True when JSON.stringify/parse gives back exactly `value`. */
function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isJson(value[i])) return false;
    return true;
  }
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) if (!isJson((value as Record<string, unknown>)[key])) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

const WHY: Array<[RegExp, string]> = [
  [/function/, 'is a function'],
  [/Symbol/, 'is a symbol'],
  [/non-POJO/, 'is a class instance (or JSX)'],
];

/** Serialises `props` of the island `name` in `file`; throws ClientIslandPropsError for what cannot cross. */
export function serialiseProps(props: Record<string, unknown>, file: string, name: string): SerialisedProps {
  if (isJson(props)) return { json: JSON.stringify(props) };
  for (const key of Object.getOwnPropertySymbols(props)) {
    throw new ClientIslandPropsError(`${file}: <${name}> was given a prop keyed by ${String(key)}, which cannot be sent to the browser. Use string keys.`);
  }
  try {
    return { devalue: stringify(props) };
  } catch (error) {
    const { message, path } = error as { message: string; path?: string };
    const prop = path ? path.replace(/^\./, '') : '?';
    const why = WHY.find(([pattern]) => pattern.test(message))?.[1] ?? `cannot be serialised (${message})`;
    throw new ClientIslandPropsError(
      `${file}: the prop '${prop}' of <${name}> ${why}, which cannot be sent to the browser. ` +
        'Pass data (JSON values, Dates, Maps, Sets, BigInts): define functions and class instances inside the island (or in a module it imports), and pass JSX as children.',
    );
  }
}

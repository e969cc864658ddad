/** Adversarial URL paths for property tests: encodings, dot segments, backslashes, NUL, overlong UTF-8, unicode forms. */
import fc from 'fast-check';

/** Pieces a path is made of: each a trick that has escaped some server's asset folder or origin. */
const PIECES = [
  '..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e', '%252e%252e', '..;', '...',
  '%2f', '%2F', '%5c', '%5C', '\\', '/', '//', '%00', '%0a', '%09', '%20',
  '%c0%ae%c0%ae', '%c0%af', '%e0%80%ae', '%c1%9c', '%ef%bc%8e%ef%bc%8e', '%ef%bc%8f', '%e2%80%a4',
  'e%CC%81', '%C3%A9', '%', '%zz', '%25', '%u002e', '\u00e9',
  'secret.txt', 'private', 'dist', 'client', 'clientsecret.txt', 'client-private', 'server', 'manifest.json', 'index.js',
  'style.css', 'letters.txt', 'about', 'index.html', 'api', 'echo', 'p', 'r', 'old', 'moved', 'go',
  'evil.com', '@evil.com', 'evil.com:80', ':', ';', '~', 'a'.repeat(300),
];

/** A raw request target: '/' + pieces joined by '/', '\\' or nothing, sometimes with a query. */
export const ADVERSARIAL_PATH = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom('/', '/', '', '\\', '%2f')), { minLength: 1, maxLength: 8 }),
    fc.constantFrom('', '?', '?to=//evil.com', '?x=%00', '#frag'),
  )
  .map(([parts, query]) => '/' + parts.map(([piece, sep]) => piece + sep).join('') + query)
  // A raw request line is bytes: non-ASCII goes out as UTF-8 (a raw byte is what a hostile client sends).
  .map((path) => path.replace(/#.*$/, ''));

/** True when `location` (a Location header) resolves to `origin`, as a browser would resolve it. */
export function sameOrigin(location: string | undefined, origin: string): boolean {
  if (location === undefined) return false;
  try {
    return new URL(location, origin + '/start').origin === origin;
  } catch {
    return false;
  }
}

/** A status that sends the browser to its Location (304 and 300 do not). */
export function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

// The counter of bench/client-islands.ts in Preact (a .jsx file: the repo's tsc checks bench/ with hono/jsx).
import { useState } from 'preact/hooks';

export default function Counter({ start }) {
  const [n, setN] = useState(start);
  return <button id="count" onClick={() => setN(n + 1)}>{n}</button>;
}

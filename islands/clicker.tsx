import { useState } from 'hono/jsx';

/** A client island: rendered with the page, then hydrated in the browser, where clicks count. */
export default function Clicker({ start, label }: { start: number; label: string }) {
  const [count, setCount] = useState(start);
  return (
    <p class="clicker">
      <button type="button" onClick={() => setCount(count + 1)}>
        {label}: <span class="count">{count}</span>
      </button>
    </p>
  );
}

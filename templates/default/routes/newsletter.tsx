import type { PageContext } from 'edgepress';
import { actions } from '../actions';
import { Layout } from './_components/Layout';

// Actions run on demand: a page with an action form is never prerendered.
export const prerender = false;

/** A newsletter form that works without JavaScript: the action validates it and the page shows the result. */
export default function Newsletter({ getActionResult }: PageContext) {
  const result = getActionResult(actions.subscribe);
  const fields = result?.error?.fields;
  return (
    <Layout title="Newsletter">
      <h1>Newsletter</h1>
      {result?.data && (
        <p id="subscribed">
          Subscribed {result.data.email} to {result.data.topic}.
        </p>
      )}
      {result?.error && !fields && <p id="error">{result.error.message}</p>}
      <form method="post" action={actions.subscribe}>
        <label>
          Email <input name="email" type="email" value={result?.values?.email ?? ''} />
        </label>
        {fields?.email && <span id="email-error">{fields.email[0]}</span>}
        <label>
          Topic{' '}
          <select name="topic">
            <option value="news">News</option>
            <option value="releases">Releases</option>
          </select>
        </label>
        {fields?.topic && <span id="topic-error">{fields.topic[0]}</span>}
        <button>Subscribe</button>
      </form>
    </Layout>
  );
}

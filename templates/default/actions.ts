import { ActionError, defineAction } from 'edgepress/actions';
import * as v from 'valibot';

// Server functions behind forms. A form posts to one with `action={actions.subscribe}` (it works
// without JavaScript); client code can call `actions.subscribe(formData)` too. The handlers run
// on the server only. `input` takes any Standard Schema validator (valibot here; zod, arktype...).
export const actions = {
  subscribe: defineAction({
    accept: 'form',
    input: v.object({
      email: v.pipe(v.string('Enter a valid email address'), v.email('Enter a valid email address')),
      topic: v.picklist(['news', 'releases'], 'Pick a topic'),
    }),
    handler: async ({ email, topic }, ctx) => {
      if (email.endsWith('@example.invalid')) throw new ActionError({ code: 'FORBIDDEN', message: 'This address cannot subscribe.' });
      // Store the subscription here (a KV namespace, D1, a mailing-list API through ctx.env...).
      ctx.cookies.set('subscribed', topic, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
      return { email, topic };
    },
  }),
};

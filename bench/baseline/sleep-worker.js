// The /stream reference on the platform itself: one 100 ms timer, then a response (no framework, no rendering).
export default {
  async fetch() {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return new Response('slept', { headers: { 'content-type': 'text/plain' } });
  },
};

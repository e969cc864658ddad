/** The blog's posts. A real site might read them from files or a CMS at build time. */
export interface Post {
  slug: string;
  title: string;
  date: string;
  body: string;
}

export const posts: Post[] = [
  { slug: 'hello-world', title: 'Hello, world', date: '2026-01-15', body: 'This post was prerendered to static HTML at build time.' },
  { slug: 'on-demand', title: 'Rendered on demand', date: '2026-02-02', body: 'Pages that say `export const prerender = false` render per request, at the edge.' },
];

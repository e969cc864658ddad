/** The demo blog's posts (a real site would read files or a CMS at build time). */
export interface Post {
  slug: string;
  title: string;
  date: string;
  body: string;
}

export const posts: Post[] = [
  { slug: 'hello-edge', title: 'Hello, edge', date: '2026-11-01', body: 'Prerendered at build time, served from the asset store.' },
  { slug: 'streaming', title: 'Streaming HTML in order', date: '2026-11-10', body: 'Components flush as soon as they and everything before them are done.' },
  { slug: 'cookies', title: 'Cookies on every response', date: '2026-11-20', body: 'Set them in the page; they arrive whatever the page returns.' },
];

import { Layout } from '../_components/Layout.tsx';
import { posts } from '../_data/posts.ts';

export default function Blog() {
  return (
    <Layout title="Blog">
      <h1>Blog</h1>
      <ul>
        {posts.map((p) => (
          <li>
            <a href={`/blog/${p.slug}`}>{p.title}</a> <small>{p.date}</small>
          </li>
        ))}
      </ul>
      <p><a href="/feed.xml">RSS feed</a></p>
    </Layout>
  );
}

import { posts } from '../_data/posts';
import { Layout } from '../_components/Layout';

/** The list of posts, prerendered. */
export default function Blog() {
  return (
    <Layout title="Blog">
      <h1>Blog</h1>
      <ul>
        {posts.map((post) => (
          <li>
            <a href={`/blog/${post.slug}`}>{post.title}</a> <time datetime={post.date}>{post.date}</time>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

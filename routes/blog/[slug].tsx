import type { GetStaticPaths, PageContext } from 'edgepress';
import { Layout } from '../_components/Layout.tsx';
import { posts, type Post } from '../_data/posts.ts';

/** Every post is prerendered: one HTML file per slug. */
export const getStaticPaths: GetStaticPaths<{ slug: string }, { post: Post }> = () =>
  posts.map((post) => ({ params: { slug: post.slug }, props: { post } }));

export default function BlogPost({ props }: PageContext<{ slug: string }, { post: Post }>) {
  const { post } = props;
  return (
    <Layout title={post.title}>
      <article>
        <h1>{post.title}</h1>
        <time datetime={post.date}>{post.date}</time>
        <p>{post.body}</p>
      </article>
    </Layout>
  );
}

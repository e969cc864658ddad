import type { GetStaticPaths, PageContext } from 'edgepress';
import { posts, type Post } from '../_data/posts';
import { Layout } from '../_components/Layout';

type Params = { slug: string };
type Props = { post: Post };

/** Every post becomes a static page at build time; other slugs answer the 404 page. */
export const getStaticPaths: GetStaticPaths<Params, Props> = () => posts.map((post) => ({ params: { slug: post.slug }, props: { post } }));

export default function BlogPost({ props: { post } }: PageContext<Params, Props>) {
  return (
    <Layout title={post.title}>
      <article>
        <h1>{post.title}</h1>
        <time datetime={post.date}>{post.date}</time>
        <p>{post.body}</p>
      </article>
      <a href="/blog">All posts</a>
    </Layout>
  );
}

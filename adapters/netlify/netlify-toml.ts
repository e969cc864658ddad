/** `edgepress add netlify`: netlify.toml with the build command and publish folder. */
import { parse as parseToml } from 'smol-toml';

const BUILD = `[build]
command = "npm run build"
publish = "dist/netlify/publish"   # the edge function comes from .netlify/edge-functions (written by the build)
`;

/** The new netlify.toml text given the current one. */
export function netlifyToml(current: string | undefined): string {
  if (current === undefined) return `# Netlify: static files from the publish folder, on-demand pages from one edge function.\n${BUILD}`;
  const parsed = parseToml(current) as { build?: { publish?: string; command?: string } };
  if (parsed.build === undefined) return `${current.replace(/\n*$/, '')}\n\n${BUILD}`;
  let text = current;
  const set = (key: string, value: string): void => {
    const line = new RegExp(`^(\\s*${key}\\s*=\\s*).*$`, 'm');
    const section = /^\[build\]\s*$/m;
    text = line.test(text) ? text.replace(line, `$1"${value}"`) : text.replace(section, `[build]\n${key} = "${value}"`);
  };
  if (parsed.build.publish !== 'dist/netlify/publish') set('publish', 'dist/netlify/publish');
  if (parsed.build.command === undefined) set('command', 'npm run build');
  return text;
}

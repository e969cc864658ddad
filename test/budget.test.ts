import { describe, expect, it } from 'vitest';
import { build, makeSite, removeSite } from './helpers/site.ts';

const page = (name: string, extra = ''): string => `${extra}
export const prerender = false;
export default function Page() {
  return <html><body><h1>${name}</h1></body></html>;
}
`;

async function buildError(files: Record<string, string>): Promise<Error> {
  const root = makeSite(null, files);
  try {
    await build(root);
  } catch (error) {
    return error as Error;
  } finally {
    removeSite(root);
  }
  throw new Error('the build succeeded');
}

describe('bundle size budget', () => {
  it('fails over budget.failBytes, naming the largest modules and the fix', async () => {
    const error = await buildError({
      'edgepress.config.ts': `export default { budget: { failBytes: 2048 } };`,
      'routes/hello.tsx': page('Hello'),
    });
    expect(error.name).toBe('BuildError');
    expect(error.message).toMatch(/server bundle is [\d.]+ KB gzip, over the 2.0 KB budget \(budget\.failBytes\)/);
    expect(error.message).toMatch(/Largest: .*src\/runtime\/.*\(\d/);
    expect(error.message).toMatch(/Prerender routes that do not need a server, or drop heavy imports/);
  });

  it('warns over budget.warnBytes and still builds', async () => {
    const root = makeSite(null, {
      'edgepress.config.ts': `export default { budget: { warnBytes: 1024 } };`,
      'routes/hello.tsx': page('Hello'),
    });
    try {
      const result = await build(root);
      expect(result.warnings.join('\n')).toMatch(/over 1.0 KB \(budget\.warnBytes\)/);
    } finally {
      removeSite(root);
    }
  });
});

describe('start-up budget', () => {
  it('measures start-up and prints it in the summary', async () => {
    const root = makeSite(null, { 'routes/hello.tsx': page('Hello') });
    try {
      const result = await build(root);
      expect(result.summary).toMatch(/start-up: [\d.]+ ms module \+ [\d.]+ ms first load of 1 lazy module/);
    } finally {
      removeSite(root);
    }
  });

  it('fails when a route has a slow top-level loop, naming the route', async () => {
    const error = await buildError({
      'edgepress.config.ts': `export default { budget: { startupMs: 150 } };`,
      'routes/fast.tsx': page('Fast'),
      'routes/slow.tsx': page('Slow', `const until = Date.now() + 400;\nlet spins = 0;\nwhile (Date.now() < until) spins++;\nexport const SPINS = spins;\n`),
    });
    expect(error.name).toBe('StartupBudgetError');
    expect(error.message).toMatch(/start-up takes \d+ ms, over the 150 ms budget \(budget\.startupMs\)/);
    expect(error.message).toMatch(/Top contributors: routes\/slow\.tsx \(first load\) \d+ ms/);
    expect(error.message).toMatch(/Move work out of module top level/);
  });

  it('fails when a route pulls in a huge dependency', async () => {
    // ~4 MB of data a route imports: parsing and building it is start-up work.
    const rows = Array.from({ length: 60_000 }, (_, i) => `{id:${i},name:"item ${i}",tags:["a${i}","b${i}"],price:${i * 1.5}}`).join(',\n');
    const error = await buildError({
      'edgepress.config.ts': `export default { budget: { startupMs: 20, failBytes: 50 * 1024 * 1024, warnBytes: 50 * 1024 * 1024 } };`,
      'routes/_data/huge.ts': `export const HUGE = [${rows}];\n`,
      'routes/catalog.tsx': page('Catalog', `import { HUGE } from './_data/huge.ts';\nconst count = HUGE.length;\n`).replace('<h1>Catalog</h1>', '<h1>Catalog {count}</h1>'),
    });
    expect(error.name).toBe('StartupBudgetError');
    expect(error.message).toMatch(/over the 20 ms budget \(budget\.startupMs\)/);
    // Parsing the 4 MB bundle (module evaluation) and the route's first load are both large; order varies.
    expect(error.message).toMatch(/Top contributors: .*routes\/catalog\.tsx \(first load\) \d+ ms/);
  });
});

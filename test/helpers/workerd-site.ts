/** One fixture site per test file: built in beforeAll, run in workerd, disposed in afterAll. */
import { afterAll, beforeAll } from 'vitest';
import type { BuildResult } from '../../src/build/build-site.ts';
import { build, removeSite } from './site.ts';
import { startWorkerd, type RunningSite } from './workerd.ts';

export interface WorkerdSite {
  root: string;
  site: RunningSite;
  result: BuildResult;
}

/** Registers the hooks; the returned object is filled before the first test runs. */
export function workerdSite(makeRoot: () => string): WorkerdSite {
  const state = {} as WorkerdSite;
  beforeAll(async () => {
    state.root = makeRoot();
    state.result = await build(state.root);
    state.site = await startWorkerd(state.root);
  });
  afterAll(async () => {
    await state.site?.dispose();
    if (state.root) removeSite(state.root);
  });
  return state;
}

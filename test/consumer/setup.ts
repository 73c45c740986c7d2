/**
 * Global setup of the consumer suite (`npm run test:consumer`): packs the package
 * as `npm publish` would (`npm pack` runs `prepack`, i.e. the full build), then
 * installs the tarball into throwaway apps under the OS temp dir, as a developer
 * would: one plain app for the bundler probes and the docs snippets, and a copy of
 * each framework example (examples/react, vue, svelte) with its own devDependencies.
 * The four installs run at once and use npm's cache. At the end it prints the
 * gzip size table the tests recorded, and removes the apps (`VITRINE_CONSUMER_KEEP=1`
 * keeps them).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export const FRAMEWORKS = ['react', 'vue', 'svelte'] as const;
const BUNDLER_ORDER = ['vite', 'rollup', 'esbuild'];
export type Framework = (typeof FRAMEWORKS)[number];

export interface ConsumerContext {
  dir: string;
  tarball: string;
  /** The plain app: the tarball, msw (for vitrine/testing) and @types/node (docs snippets). */
  app: string;
  examples: Record<Framework, string>;
  /** JSON lines of measured sizes, printed by the teardown. */
  sizes: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: ConsumerContext;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a command; rejects with its output when it fails. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${output}`))));
  });
}

const install = (cwd: string) => run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], cwd);

export default async function setup(project: TestProject) {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'vitrine-consumer-'));
  await run('npm', ['pack', '--pack-destination', dir], root);
  const tarball = join(dir, (await readdir(dir)).find((name) => name.endsWith('.tgz'))!);
  const rootPkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

  const app = join(dir, 'app');
  await mkdir(app);
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'vitrine-consumer-app',
        private: true,
        type: 'module',
        dependencies: { vitrine: `file:${tarball}`, msw: rootPkg.devDependencies['msw'], '@types/node': rootPkg.devDependencies['@types/node'] },
      },
      null,
      2,
    ),
  );

  const examples = {} as Record<Framework, string>;
  for (const name of FRAMEWORKS) {
    const target = join(dir, 'examples', name);
    await cp(join(root, 'examples', name), target, { recursive: true, filter: (source) => !/[/\\](node_modules|dist)$/.test(source) });
    const pkg = JSON.parse(await readFile(join(target, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    pkg.dependencies['vitrine'] = `file:${tarball}`;
    await writeFile(join(target, 'package.json'), JSON.stringify(pkg, null, 2));
    examples[name] = target;
  }
  await Promise.all([install(app), ...Object.values(examples).map(install)]);

  const sizes = join(dir, 'sizes.jsonl');
  await writeFile(sizes, '');
  project.provide('consumer', { dir, tarball, app, examples, sizes });
  console.log(`consumer suite: packed and installed into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return async () => {
    const rows = (await readFile(sizes, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { probe: string; bundler: string; gzip: number; tags: string[]; budget?: number })
      // Tests finish in any order (they run concurrently): group by probe, bundlers in a fixed order.
      .sort((a, b) => a.probe.localeCompare(b.probe) || BUNDLER_ORDER.indexOf(a.bundler) - BUNDLER_ORDER.indexOf(b.bundler));
    if (rows.length) {
      const width = Math.max(...rows.map((row) => row.probe.length));
      console.log(`\ngzip -9 of each production bundle (what an app that imports it ships):\n`);
      console.log(`${'probe'.padEnd(width)}  ${'bundler'.padEnd(8)} ${'gzip B'.padStart(8)}  tags defined`);
      for (const row of rows) {
        const budget = row.budget ? ` (budget ${row.budget})` : '';
        console.log(`${row.probe.padEnd(width)}  ${row.bundler.padEnd(8)} ${String(row.gzip).padStart(8)}  ${row.tags.length ? row.tags.join(' ') : '—'}${budget}`);
      }
    }
    if (!process.env['VITRINE_CONSUMER_KEEP']) await rm(dir, { recursive: true, force: true });
  };
}

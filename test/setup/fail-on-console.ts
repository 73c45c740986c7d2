import { afterEach, beforeEach, vi } from 'vitest';
import { captured as calls } from '../helpers/console.js';

/**
 * A test that writes to the console fails: noise is either fixed or asserted
 * (a test that expects output claims it with `takeConsoleOutput` from
 * test/helpers/console.ts).
 *
 * happy-dom writes failed requests to a console of its own (as browsers do in
 * devtools), created before any spy can reach it, so direct writes to the
 * process streams are guarded too.
 */
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

// Lit announces its development build once per process; that banner is not noise
// from our code. Every other Lit warning still reaches the guard.
(globalThis as { litIssuedWarnings?: Set<string> }).litIssuedWarnings = new Set(['dev-mode']);

beforeEach(() => {
  calls.length = 0;
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
  for (const stream of [process.stdout, process.stderr] as const) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      calls.push(`${stream === process.stdout ? 'stdout' : 'stderr'}: ${String(chunk).trimEnd()}`);
      return true;
    });
  }
});

afterEach(() => {
  if (calls.length > 0) {
    const lines = calls.splice(0);
    throw new Error(`Unexpected console output:\n${lines.join('\n')}`);
  }
});

import { afterEach, beforeEach, vi } from 'vitest';

/**
 * A test that writes to the console fails: noise is either fixed or asserted
 * (a test that expects a warning spies on `console.warn` itself, which replaces
 * this guard's spy for that test).
 */
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const calls: string[] = [];

beforeEach(() => {
  calls.length = 0;
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  if (calls.length > 0) {
    const lines = calls.splice(0);
    throw new Error(`Unexpected console output:\n${lines.join('\n')}`);
  }
});

// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

describe('console guard (test/setup/fail-on-console.ts)', () => {
  it('spies on the console and on the process streams, so the afterEach hook can fail a noisy test', () => {
    expect(vi.isMockFunction(console.error)).toBe(true);
    expect(vi.isMockFunction(console.log)).toBe(true);
    expect(vi.isMockFunction(process.stderr.write)).toBe(true);
    expect(vi.isMockFunction(process.stdout.write)).toBe(true);
  });
});

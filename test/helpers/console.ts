/**
 * Console output captured during the current test by test/setup/fail-on-console.ts.
 * Whatever is left at the end of the test fails it.
 */
export const captured: string[] = [];

/**
 * Removes and returns the captured lines matching `pattern`, for a test that
 * expects output (e.g. happy-dom logging a failed request, as a browser would).
 */
export function takeConsoleOutput(pattern: RegExp): string[] {
  const taken = captured.filter((line) => pattern.test(line));
  const rest = captured.filter((line) => !pattern.test(line));
  captured.splice(0, captured.length, ...rest);
  return taken;
}

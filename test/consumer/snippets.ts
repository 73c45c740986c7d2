/**
 * The fenced code blocks of README.md and docs/*.md, by language, so that the
 * consumer suite type-checks each one against the packed package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Snippet {
  /** `README.md:112` (the line of the opening fence). */
  where: string;
  /** A file name for the block: `README-112.ts`. */
  name: string;
  language: string;
  code: string;
}

/** Every fenced block of the given languages in README.md and docs/*.md. */
export function snippets(languages: readonly string[]): Snippet[] {
  const files = ['README.md', ...readdirSync(`${root}docs`).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
  const found: Snippet[] = [];
  for (const file of files) {
    const text = readFileSync(`${root}${file}`, 'utf8');
    for (const match of text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
      const language = match[1]!;
      if (!languages.includes(language)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      found.push({ where: `${file}:${line}`, name: `${file.replace(/[/.]/g, '-').replace(/-md$/, '')}-${line}`, language, code: match[2]! });
    }
  }
  return found;
}

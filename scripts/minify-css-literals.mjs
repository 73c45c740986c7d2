/**
 * Rollup plugin: minifies the contents of Lit `css\`…\`` template literals in
 * our own TypeScript sources (esbuild minifies code, not template contents).
 * Conservative on purpose: strips comments and collapses whitespace, removing it
 * only next to `{`, `}`, `;` and `,` — never inside selectors such as `a :hover`.
 * Templates with `${…}` interpolations are left untouched.
 */
export function minifyCssLiterals() {
  return {
    name: 'vitrine-minify-css-literals',
    transform(code, id) {
      if (!/\/components\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      const output = code.replace(/\bcss`([^`]*)`/g, (match, body) => {
        if (body.includes('${')) return match;
        const minified = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${minified}\``;
      });
      return output === code ? null : { code: output, map: null };
    },
  };
}

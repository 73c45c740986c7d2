/**
 * Generates custom-elements.json from the elements' JSDoc (@tagname, @summary,
 * @slot, @csspart, @cssprop, @fires) and Lit decorators. Run by `npm run build`.
 */
export default {
  globs: ['components/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts', 'components/embed.ts', 'components/events/**', 'components/shared/{config,define,styles}.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // `this.dispatchEvent(new VitrineOpenEvent(…))` is detected as an event with
      // no name; the named entries come from the @fires tags.
      name: 'vitrine-drop-unnamed-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};

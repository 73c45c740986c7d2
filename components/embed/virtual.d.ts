/**
 * Provided by the embed build (scripts/embed-build.mjs): the core modules the
 * loader shares with the chunks, by source path, with the exports the chunks
 * use. Never imported outside `components/embed.ts`.
 */
declare module 'vitrine:embed/modules' {
  export const modules: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** One locale's messages (the embed build generates them from src/i18n/messages.ts). */
declare module 'vitrine:embed/messages/*' {
  export const messages: import('../../src/i18n/messages.js').Messages;
}

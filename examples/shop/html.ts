/**
 * Server-side HTML without a template engine, safe by default: every value
 * interpolated into `html`…`` is escaped, unless it is itself the result of
 * `html` (nested markup). Product titles, creator ids and click ids come from
 * URLs and callbacks a stranger controls; none of them may ever become markup.
 */

const SAFE = Symbol('safe html');

/** A piece of markup produced by {@link html}; only these are inserted unescaped. */
export interface SafeHtml {
  readonly [SAFE]: string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `&`, `<`, `>`, `"` and `'`, so that `text` is safe in element content and in quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object' && SAFE in value) return (value as SafeHtml)[SAFE];
  return escapeHtml(String(value));
}

/**
 * Tagged template for markup: `html`<p>${title}</p>`` escapes `title`. Arrays
 * are joined; `null`, `undefined` and `false` render nothing. Always quote
 * attribute values (`href="${url}"`); an unquoted attribute is not safe.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return { [SAFE]: out };
}

/** The string of a {@link SafeHtml}, to send as a response body. */
export function toString(markup: SafeHtml): string {
  return markup[SAFE];
}

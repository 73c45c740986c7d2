/**
 * HTML text and attribute escaping for markup built as strings (share pages,
 * snippets). Escapes `& < > " '`, so the result is safe in text and in a
 * quoted attribute value alike.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * `value` as JSON safe to embed in a `<script type="application/ld+json">` or
 * `application/json` data block: `<`, `>`, `&` and the JavaScript line
 * separators are written as `\u` escapes, so no `</script>` or `<!--` can end
 * the block early. Parses back to the same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

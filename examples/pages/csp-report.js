// Lists every CSP violation of the page (loaded first, synchronously, so nothing is missed).
// window.cspViolations is read by the browser test suite.
const violations = (window.cspViolations = []);

function show(entry) {
  const list = document.getElementById('violations');
  if (!list) return;
  const item = document.createElement('li');
  item.textContent = entry; // textContent: a violation report is data, never markup
  list.append(item);
}

document.addEventListener('securitypolicyviolation', (event) => {
  const entry = `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}${event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : ''}${event.sample ? ` — ${event.sample}` : ''}`;
  violations.push(entry);
  if (document.readyState === 'loading') return;
  show(entry);
});
document.addEventListener('DOMContentLoaded', () => violations.forEach(show));

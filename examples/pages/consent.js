// A tiny consent banner for the blog page (an external file: no inline script).
// Analytics (impressions, add-to-cart) wait for consent; attribution of sales does not.
// The reader's choice is remembered in localStorage — a functional record of the choice itself.
const KEY = 'demo-analytics-consent';
const banner = document.getElementById('consent-banner');

function apply(choice) {
  // The embed loads async: window.Vitrine may not exist yet. Async scripts
  // always run before the window's load event.
  if (window.Vitrine) window.Vitrine.setConsent(choice);
  else window.addEventListener('load', () => window.Vitrine?.setConsent(choice), { once: true });
}

const saved = localStorage.getItem(KEY);
if (saved === 'granted' || saved === 'denied') {
  apply(saved);
} else if (banner) {
  banner.hidden = false;
  banner.addEventListener('click', (event) => {
    const choice = event.target instanceof HTMLElement ? event.target.closest('button')?.dataset.consent : undefined;
    if (choice !== 'granted' && choice !== 'denied') return;
    localStorage.setItem(KEY, choice);
    apply(choice);
    banner.hidden = true;
  });
}

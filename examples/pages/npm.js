// The npm / ESM integration: import, configure, listen, render.
import { configure, VitrineCard } from 'vitrine/components';
import { isVitrineError } from 'vitrine';

const vitrine = configure({ api: 'http://127.0.0.1:8787', creator: 'creator-sam', locale: 'en', consent: 'granted' });

const log = document.getElementById('log');
const stay = document.getElementById('stay');

/** Appends one line to the visible event log (textContent only: event data is never markup). */
function note(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  log.prepend(item);
}

document.getElementById('clear-log').addEventListener('click', () => log.replaceChildren());

// Vitrine events bubble and are composed: one listener on the document sees every card, sheet and cart.
document.addEventListener('vitrine-click', (event) => {
  const { partnerId, recommendationId, clickId, url } = event.detail;
  note(`vitrine-click ${recommendationId} → ${partnerId} (click ${clickId}) ${url}`);
  if (stay.checked) {
    event.preventDefault(); // Vitrine neither navigates nor records the click.
    note('  prevented: staying on this page');
  }
});
document.addEventListener('vitrine-add-to-cart', (event) => {
  const { card, offer, quantity } = event.detail;
  note(`vitrine-add-to-cart ${card.product.title} × ${quantity} at ${offer.partnerId}`);
});
document.addEventListener('vitrine-open', (event) => note(`vitrine-open ${event.detail.card.recommendation.id}`));
document.addEventListener('vitrine-checkout', (event) => note(`vitrine-checkout ${event.detail.handOff.partnerId}`));
document.addEventListener('vitrine-error', (event) => {
  const { error, action } = event.detail;
  note(`vitrine-error ${action}: ${isVitrineError(error) ? error.code : ''} ${error.message}`);
});

// Render a creator's showcase from JavaScript: one request, then each card gets its data as a property.
const container = document.getElementById('cards');
try {
  const page = await vitrine.showcase.page('creator-sam', { limit: 4 });
  container.replaceChildren(
    ...page.cards.map((data) => {
      const card = new VitrineCard();
      card.card = data;
      return card;
    }),
  );
  note(`rendered ${page.cards.length} cards of ${page.creator.name}'s showcase`);
} catch (error) {
  const message = document.createElement('p');
  message.className = 'error';
  message.textContent = `Could not load the showcase: ${error.message}`;
  container.replaceChildren(message);
} finally {
  container.removeAttribute('aria-busy');
}

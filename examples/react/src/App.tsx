// The elements this app uses: each import registers one element (and what it opens).
import 'vitrine/components/card';
import 'vitrine/components/shelf';
// Types for <vitrine-*> in JSX: properties, attributes and `onvitrine-*` events.
import type {} from 'vitrine/react';
import type { CardPayload } from 'vitrine';
import { configure, type VitrineAddToCartEvent, type VitrineClickEvent } from 'vitrine/elements';
import { useEffect, useState } from 'react';

// `npm start` serves the demo platform on 127.0.0.1:8787; set VITE_VITRINE_API for another.
const vitrine = configure({ api: import.meta.env['VITE_VITRINE_API'] ?? 'http://127.0.0.1:8787', creator: 'creator-lin', consent: 'granted' });

export function App() {
  const [card, setCard] = useState<CardPayload>();
  const [log, setLog] = useState<string[]>([]);
  const note = (line: string) => setLog((lines) => [...lines, line]);

  useEffect(() => {
    // A card you already have (here fetched; it could come from your own API) is passed as a property.
    vitrine.cards.get('rec-lin-serum').then(setCard, (error: unknown) => note(`error: ${String(error)}`));
  }, []);

  const onAdd = (event: VitrineAddToCartEvent) => note(`vitrine-add-to-cart: ${event.detail.card.product.title} × ${event.detail.quantity}`);
  const onClick = (event: VitrineClickEvent) => {
    event.preventDefault(); // stay in the app (the demo would open the partner shop)
    note(`vitrine-click: ${event.detail.partnerId}`);
  };

  return (
    <main>
      <h1>Vitrine + React</h1>
      {card && <vitrine-card card={card} layout="full" onvitrine-add-to-cart={onAdd} onvitrine-click={onClick}></vitrine-card>}
      <vitrine-shelf creator="creator-lin" limit={2}></vitrine-shelf>
      <ol aria-label="events" id="log">
        {log.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ol>
    </main>
  );
}

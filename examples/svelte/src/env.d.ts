// Types for <vitrine-*> in markup: properties, attributes and onvitrine-* events.
import type {} from 'vitrine/svelte';

// Types for <vitrine-*> in templates: properties, attributes and @vitrine-* events.
import type {} from 'vitrine/vue';

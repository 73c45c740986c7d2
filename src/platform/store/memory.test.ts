import * as vitest from 'vitest';
import { describePlatformStore } from '../../testing/store-conformance.js';
import { createMemoryStore } from './memory.js';

// The memory store is the reference the suite compares other stores with; it must pass it too.
describePlatformStore('memory store (reference)', async () => ({ reset: async (catalog) => createMemoryStore(catalog) }), vitest);

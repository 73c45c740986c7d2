/**
 * Runs the partner-shop simulator alone:
 *
 *   npx node examples/shop/main.ts [--port 8788] [--platform http://127.0.0.1:8787] [--seed examples/platform/seed.json] [--data .vitrine-data/shop]
 *
 * `--data` is the directory of its orders, sessions and seen webhook ids
 * (`shop.json`), kept across restarts.
 *
 * (`npm start` runs it together with the platform and the demo pages.)
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, readShopPartners } from './seed.ts';
import { startShop } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    platform: { type: 'string', default: 'http://127.0.0.1:8787' },
    seed: { type: 'string' },
    data: { type: 'string', default: '.vitrine-data/shop' },
  },
});

const shop = await startShop({
  port: Number(values.port),
  platformUrl: values.platform,
  partners: await readShopPartners(values.seed ?? DEFAULT_SEED, { shop: `http://127.0.0.1:${values.port}`, platform: values.platform }),
  log: (line) => console.log(line),
  dataDir: values.data,
});
console.log(`Partner shops: ${shop.url}/`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void shop.close().then(() => process.exit(0)));
}

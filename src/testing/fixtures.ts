/**
 * The one demo catalog: tests, the docs and the example platform all use it
 * (examples/platform/seed.json is derived from it with the demo's origins). Three
 * partner shops, two creators, nine products and eleven recommendations, with
 * fixed ids. Every host is a reserved `.example` / `.test` domain.
 *
 * The webhook secrets and API keys below are DEMO-ONLY, public on purpose:
 * never use them for a real platform.
 */
import { VitrineError } from '../errors.js';
import type { Creator } from '../model/creator.js';
import type { Image } from '../model/common.js';
import type { Partner } from '../model/partner.js';
import type { Offer } from '../model/product.js';
import type { CardPayload } from '../model/recommendation.js';
import type { Catalog } from '../platform/catalog.js';

/** An image under `https://img.vitrine.test/` with 400/800 px renditions. */
function image(name: string, alt: string, width = 1200, height = 1200): Image {
  const src = (w: number) => `https://img.vitrine.test/${name}-${w}.jpg`;
  return { src: src(width), width, height, alt, sources: [{ src: src(400), width: 400 }, { src: src(800), width: 800 }] };
}

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const usd = (amount: number) => ({ amount, currency: 'USD' });
const offer = (partnerId: string, url: string, fields: Omit<Offer, 'partnerId' | 'url'>): Offer => ({ partnerId, url, ...fields });

const HANFANG = 'partner-hanfang';
const JINGXUAN = 'partner-jingxuan';
const GADGETBAY = 'partner-gadgetbay';

/** The demo catalog (already in its validated form; `parseCatalog(catalog, …)` accepts it). */
export const catalog: Catalog = {
  partners: [
    {
      id: HANFANG,
      name: '韩坊百货 Hanfang Department Store',
      hosts: ['shop.hanfang.example', '*.m.hanfang.example'],
      logo: 'https://img.vitrine.test/partners/hanfang.svg',
      checkoutUrl: 'https://shop.hanfang.example/cart/add',
      attributionWindowDays: 15,
      attributionModel: 'last_click',
      commissionRateBps: 600,
      webhookSecret: 'whsec_REVNTyBPTkxZIC0gaGFuZmFuZyB3ZWJob29rIHNlY3JldA==', // DEMO ONLY
    },
    {
      id: JINGXUAN,
      name: '京选商城 Jingxuan Mall',
      hosts: ['item.jingxuan.example'],
      logo: 'https://img.vitrine.test/partners/jingxuan.svg',
      attributionWindowDays: 7,
      attributionModel: 'first_click',
      commissionRateBps: 400,
      priceFreshnessHours: 48,
      webhookSecret: 'whsec_REVNTyBPTkxZIC0gamluZ3h1YW4gd2ViaG9vayBzZWNyZXQ=', // DEMO ONLY
    },
    {
      id: GADGETBAY,
      name: 'Gadget Bay',
      hosts: ['www.gadgetbay.test'],
      logo: 'https://img.vitrine.test/partners/gadgetbay.svg',
      checkoutUrl: 'https://www.gadgetbay.test/checkout/handoff',
      attributionWindowDays: 30,
      attributionModel: 'last_click',
      commissionRateBps: 800,
      // Pays no commission on offline placements: its QR codes link to the shop unattributed.
      offlineAffiliation: false,
      webhookSecret: 'whsec_REVNTyBPTkxZIC0gZ2FkZ2V0YmF5IHdlYmhvb2sgc2VjcmV0', // DEMO ONLY
    },
  ],
  creators: [
    {
      id: 'creator-lin',
      name: '林小鹿',
      handle: 'linxiaolu',
      avatar: image('avatars/lin', '林小鹿的头像', 256, 256),
      verified: true,
      apiKey: 'demo-only-key-lin-7f3a9c2e51', // DEMO ONLY
    },
    {
      id: 'creator-sam',
      name: 'Sam Ortega',
      handle: 'samtests',
      avatar: image('avatars/sam', 'Sam Ortega, smiling, holding a phone', 256, 256),
      verified: false,
      apiKey: 'demo-only-key-sam-0b8d4e6f22', // DEMO ONLY
    },
  ],
  products: [
    {
      id: 'prod-serum',
      title: '山茶花保湿精华液 30ml',
      brand: '花间集',
      images: [image('products/serum', '一瓶玻璃滴管装的山茶花精华液'), image('products/serum-texture', '精华液质地特写', 1200, 900)],
      offers: [
        offer(HANFANG, 'https://shop.hanfang.example/item/88123', { price: cny(19900), listPrice: cny(25900), stock: 'in_stock', sku: 'HF-88123' }),
        offer(JINGXUAN, 'https://item.jingxuan.example/100234.html', { price: cny(18900), stock: 'low_stock', sku: 'JX-100234' }),
      ],
      description: '含山茶花提取物与透明质酸，适合干性及混合性肌肤。',
    },
    {
      id: 'prod-sunscreen',
      title: '轻薄防晒乳 SPF50+ PA++++ 50ml',
      brand: '晴空',
      images: [image('products/sunscreen', '白色管装防晒乳', 900, 1200)],
      offers: [offer(HANFANG, 'https://shop.hanfang.example/item/77310', { price: cny(12800), stock: 'in_stock', sku: 'HF-77310' })],
    },
    {
      id: 'prod-tea',
      title: '明前龙井茶 250g 礼盒装',
      brand: '西湖茶社',
      images: [image('products/longjing', '绿色礼盒与散开的龙井茶叶')],
      offers: [
        // Sold out at the creator's shop: the card swaps to Jingxuan's offer.
        offer(HANFANG, 'https://shop.hanfang.example/item/90001', { price: cny(36800), listPrice: cny(42800), stock: 'out_of_stock', sku: 'HF-90001' }),
        offer(JINGXUAN, 'https://item.jingxuan.example/200877.html', { price: cny(35800), stock: 'in_stock', sku: 'JX-200877' }),
      ],
    },
    {
      id: 'prod-hotpot',
      title: '重庆牛油火锅底料 4 袋装',
      images: [image('products/hotpot', '四袋红色包装的火锅底料')],
      // A months-old price snapshot: the card says the price may have changed.
      offers: [offer(JINGXUAN, 'https://item.jingxuan.example/300456.html', { price: cny(3990), stock: 'in_stock', sku: 'JX-300456', priceAt: '2026-09-15T04:00:00Z' })],
    },
    {
      id: 'prod-mooncake',
      title: '流心奶黄月饼 6 枚礼盒',
      images: [image('products/mooncake', '切开的流心奶黄月饼')],
      offers: [
        offer(HANFANG, 'https://gift.m.hanfang.example/item/55012', { price: cny(16800), listPrice: cny(19800), stock: 'out_of_stock', sku: 'HF-55012' }),
      ],
    },
    {
      id: 'prod-earbuds',
      title: 'Aero Buds Pro wireless earbuds with active noise cancelling',
      brand: 'Aero',
      images: [image('products/earbuds', 'White earbuds in an open charging case'), image('products/earbuds-worn', 'Earbud worn in an ear', 1600, 900)],
      offers: [
        offer(GADGETBAY, 'https://www.gadgetbay.test/p/aero-buds-pro', { price: usd(12999), listPrice: usd(15999), stock: 'in_stock', sku: 'GB-AERO-PRO' }),
        offer(HANFANG, 'https://shop.hanfang.example/item/66020', { price: cny(89900), stock: 'in_stock', sku: 'HF-66020' }),
      ],
    },
    {
      id: 'prod-charger',
      title: 'Volt 65W GaN USB-C charger',
      brand: 'Volt',
      images: [image('products/charger', 'A small grey charger with two USB-C ports')],
      offers: [offer(GADGETBAY, 'https://www.gadgetbay.test/p/volt-65w', { price: usd(3999), stock: 'low_stock', sku: 'GB-VOLT-65' })],
    },
    {
      id: 'prod-keyboard',
      title: 'Keystone 75% hot-swappable mechanical keyboard',
      brand: 'Keystone',
      images: [image('products/keyboard', 'A compact keyboard with cream keycaps', 1600, 900)],
      offers: [
        offer(GADGETBAY, 'https://www.gadgetbay.test/p/keystone-75', { price: usd(8900), stock: 'preorder', sku: 'GB-KS75' }),
        offer(JINGXUAN, 'https://item.jingxuan.example/400190.html', { price: cny(59900), listPrice: cny(69900), stock: 'in_stock', sku: 'JX-400190' }),
      ],
    },
    {
      id: 'prod-powerbank',
      title: 'MagSnap 10,000 mAh magnetic power bank 磁吸充电宝',
      images: [image('products/powerbank', 'A slim power bank attached to the back of a phone')],
      offers: [offer(GADGETBAY, 'https://www.gadgetbay.test/p/magsnap-10k', { price: usd(4999), stock: 'out_of_stock', sku: 'GB-MAG10K' })],
    },
  ],
  recommendations: [
    {
      id: 'rec-lin-serum',
      creatorId: 'creator-lin',
      productId: 'prod-serum',
      reason:
        '换季皮肤干到起皮，这瓶我连续用了三个月：质地像水一样轻，早晚各两滴，第二天上妆明显服帖。' +
        '敏感肌也可以放心，我自己是泛红肌，没有刺痛感。唯一的缺点是滴管容易挂液，建议用完拧紧。' +
        '韩坊百货和京选都有货，价格差十块左右，按自己常用的平台买就好。',
      disclosure: 'commission',
      createdAt: '2026-11-01T02:00:00Z',
      partnerId: HANFANG,
    },
    {
      id: 'rec-lin-sunscreen',
      creatorId: 'creator-lin',
      productId: 'prod-sunscreen',
      reason: '不搓泥、不假白，通勤党一支够用一夏天。品牌方寄送，测评观点为个人真实感受。',
      disclosure: 'gifted',
      createdAt: '2026-11-03T02:00:00Z',
    },
    {
      id: 'rec-lin-tea',
      creatorId: 'creator-lin',
      productId: 'prod-tea',
      reason: '今年的明前茶豆香很足，80 度水冲泡，三泡之后依然回甘。送长辈很有面子。',
      disclosure: 'commission',
      createdAt: '2026-11-05T02:00:00Z',
      partnerId: HANFANG,
    },
    {
      id: 'rec-lin-hotpot',
      creatorId: 'creator-lin',
      productId: 'prod-hotpot',
      reason: '在家吃火锅的救星！牛油味正，微辣刚好，一袋够三个人。自己花钱买的，回购第五次了。',
      disclosure: 'none',
      createdAt: '2026-11-07T02:00:00Z',
    },
    {
      id: 'rec-lin-mooncake',
      creatorId: 'creator-lin',
      productId: 'prod-mooncake',
      reason: '本条为品牌合作推广。流心是真的会流出来，微波炉加热 8 秒口感最好。',
      disclosure: 'sponsored',
      createdAt: '2026-11-09T02:00:00Z',
    },
    {
      id: 'rec-lin-earbuds',
      creatorId: 'creator-lin',
      productId: 'prod-earbuds',
      reason: '地铁通勤降噪很够用，佩戴三小时耳朵也不疼。',
      disclosure: 'commission',
      createdAt: '2026-11-11T02:00:00Z',
      partnerId: GADGETBAY,
    },
    {
      id: 'rec-sam-earbuds',
      creatorId: 'creator-sam',
      productId: 'prod-earbuds',
      reason:
        'I tested these for six weeks against three pricier pairs. Noise cancelling is a notch below the best, ' +
        'but the fit is excellent, the case survives drops, and battery life matched the claim (7 h 40 min with ANC on). ' +
        'If you take calls on a train, the microphones are the real reason to buy them.',
      disclosure: 'commission',
      createdAt: '2026-11-02T15:00:00Z',
    },
    {
      id: 'rec-sam-charger',
      creatorId: 'creator-sam',
      productId: 'prod-charger',
      reason: 'Charges a laptop and a phone at once and stays cool. The one charger in my bag.',
      disclosure: 'commission',
      createdAt: '2026-11-04T15:00:00Z',
    },
    {
      id: 'rec-sam-keyboard',
      creatorId: 'creator-sam',
      productId: 'prod-keyboard',
      reason: 'Review unit sent by Keystone. Great stock switches; the stabilisers needed a little lube.',
      disclosure: 'gifted',
      createdAt: '2026-11-06T15:00:00Z',
    },
    {
      id: 'rec-sam-powerbank',
      creatorId: 'creator-sam',
      productId: 'prod-powerbank',
      reason: 'Sold out right now, but worth the wait: thin, strong magnets, passes through charge.',
      disclosure: 'commission',
      createdAt: '2026-11-08T15:00:00Z',
    },
    {
      id: 'rec-sam-hostile',
      creatorId: 'creator-sam',
      productId: 'prod-charger',
      // Hostile text on purpose: it must render as these exact characters, never as markup
      // (`{{7*7}}`: no template engine sees it either).
      reason: 'Still my favourite <img src=x onerror=alert(1)> charger. <script>alert("xss")</script> & "quotes" \'too\' {{7*7}}',
      disclosure: 'commission',
      createdAt: '2026-11-10T15:00:00Z',
    },
  ],
};

function find<T extends { id: string }>(list: readonly T[], id: string, what: string): T {
  const found = list.find((entry) => entry.id === id);
  if (!found) throw new VitrineError('not_found', `No ${what} "${id}" in the demo catalog`);
  return found;
}

const publicPartner = ({ webhookSecret, ...partner }: Catalog['partners'][number]): Partner => partner;
const publicCreator = ({ apiKey, ...creator }: Catalog['creators'][number]): Creator => creator;

/** The card payload of one demo recommendation, as `GET /v1/cards` returns it. */
function card(id: string): CardPayload {
  const recommendation = find(catalog.recommendations, id, 'recommendation');
  const product = find(catalog.products, recommendation.productId, 'product');
  const partnerIds = [...new Set(product.offers.map((o) => o.partnerId))];
  return structuredClone({
    recommendation,
    product,
    creator: publicCreator(find(catalog.creators, recommendation.creatorId, 'creator')),
    partners: partnerIds.map((partnerId) => publicPartner(find(catalog.partners, partnerId, 'partner'))),
  });
}

/**
 * Convenience views of the demo catalog: public partner and creator records
 * (no secrets), card payloads, and the demo-only credentials. Each call returns
 * fresh copies, so a test may mutate them freely.
 */
export const fixtures = {
  /** The partners as `GET /v1/partners` returns them (ordered by id). */
  get partners(): Partner[] {
    return catalog.partners
      .map((p) => structuredClone(publicPartner(p)))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  },
  /** The creators, without API keys. */
  get creators(): Creator[] {
    return catalog.creators.map(publicCreator).map((c) => structuredClone(c));
  },
  /** One public partner by id. */
  partner: (id: string): Partner => structuredClone(publicPartner(find(catalog.partners, id, 'partner'))),
  /** One public creator by id. */
  creator: (id: string): Creator => structuredClone(publicCreator(find(catalog.creators, id, 'creator'))),
  card,
  /** Card payloads for recommendation ids, in order. Throws for an unknown id. */
  cards: (ids: readonly string[]): CardPayload[] => ids.map(card),
  /** A creator's DEMO-ONLY API key (for `Authorization: Bearer …`). */
  apiKey: (creatorId: string): string => find(catalog.creators, creatorId, 'creator').apiKey,
  /** A partner's DEMO-ONLY webhook secret (for signing conversion callbacks). */
  webhookSecret: (partnerId: string): string => find(catalog.partners, partnerId, 'partner').webhookSecret,
};

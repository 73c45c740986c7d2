// The composer: check a partner product URL against the allow-list, preview the
// card live in each layout, publish a recommendation with the creator's API key,
// show the card and the embed snippet. Everything the page writes goes through
// textContent (never innerHTML).
import { cardSnippet, isHttpError, isSafePartnerUrl, isVitrineError, partnerFor } from 'vitrine';
import { configure, VitrineCard } from 'vitrine/components';

const API = 'http://127.0.0.1:8787';
const CREATOR = 'creator-lin';
const vitrine = configure({ api: API, creator: CREATOR, locale: 'zh-CN', consent: 'denied' });

const form = document.getElementById('composer');
const urlInput = document.getElementById('product-url');
const urlStatus = document.getElementById('url-status');
const formStatus = document.getElementById('form-status');
const result = document.getElementById('result');
const snippet = document.getElementById('snippet');
const field = (id) => document.getElementById(id);

/** What publishing would do, said to the creator (the platform keeps one recommendation per product and shop). */
const OUTCOMES = {
  created: '发布后会新建一条推荐。Publishing creates a new recommendation.',
  existing: '和你已发布的推荐完全相同：再次发布不会产生重复。Same as your published recommendation: publishing again creates no duplicate.',
  updated: '你已推荐过这家店的这件商品：发布会更新原推荐的理由（嵌入代码不变）。You already recommend this product at this shop: publishing updates its reason (same snippet).',
};

/** The allow-listed partners whose hosts accept `url` (in this demo, all shops share one host). */
async function partnersFor(url) {
  const partners = await vitrine.partners.list();
  return partners.filter((partner) => isSafePartnerUrl(url, partner));
}

function say(element, text, kind) {
  element.textContent = text;
  element.className = kind ?? 'hint';
}

function readForm() {
  return {
    input: { productUrl: urlInput.value.trim(), reason: field('reason').value.trim(), disclosure: field('disclosure').value },
    apiKey: field('api-key').value.trim(),
    consent: field('consent').value,
  };
}

async function checkUrl() {
  const url = urlInput.value.trim();
  if (!url) return say(urlStatus, '');
  try {
    const partners = await partnersFor(url);
    const [partner] = partners;
    if (partner) say(urlStatus, `✓ 白名单商家的链接 Allow-listed shop host`, 'ok');
    else say(urlStatus, '✗ 这不是合作商家的链接：只接受白名单商家的 https 商品链接。Not an allow-listed partner link.', 'error');
    urlInput.setAttribute('aria-invalid', String(!partner));
    return partner;
  } catch (error) {
    say(urlStatus, `无法读取商家名单 / Could not load the partner list: ${error.message}`, 'error');
  }
}

/** Names the shop the card will sell at (the one of the pasted link) and its commission terms. */
function describeShop(card) {
  const partner = card.partners.find((candidate) => candidate.id === card.recommendation.partnerId);
  if (!partner) return;
  const others = card.product.offers.filter((offer) => offer.partnerId !== partner.id).map((offer) => partnerFor(card, offer)?.name ?? offer.partnerId);
  say(
    urlStatus,
    `✓ 卡片在 ${partner.name} 销售（佣金 ${partner.commissionRateBps / 100}%，归因窗口 ${partner.attributionWindowDays} 天）` +
      (others.length ? `；其他在售商家作为备选：${others.join('、')}` : '') +
      ` · Sells at ${partner.name}${others.length ? `, with ${others.join(', ')} as alternatives` : ''}.`,
    'ok',
  );
}

// The live preview: the card as it would be published, in each layout, while the creator writes.
let previewRun = 0;
let previewTimer;
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(() => void preview(), 300);
}
async function preview() {
  const { input, apiKey } = readForm();
  const run = ++previewRun;
  if (!input.productUrl || !input.reason || !apiKey || !(await checkUrl())) {
    if (run === previewRun) field('live').hidden = true;
    return;
  }
  try {
    const { card, outcome } = await vitrine.creators.preview(input, { apiKey });
    if (run !== previewRun) return; // a newer keystroke won
    describeShop(card);
    for (const layout of ['compact', 'full', 'tile']) {
      const element = new VitrineCard();
      element.layout = layout;
      element.card = card;
      field(`preview-${layout}`).replaceChildren(element);
    }
    say(field('live-status'), OUTCOMES[outcome]);
    field('live').hidden = false;
  } catch (error) {
    if (run !== previewRun) return;
    field('live').hidden = true;
    say(urlStatus, `✗ ${describeError(error)}`, 'error');
  }
}
for (const id of ['product-url', 'reason', 'disclosure', 'api-key']) field(id).addEventListener('input', schedulePreview);
urlInput.addEventListener('change', schedulePreview);

function describeError(error) {
  const detail = isHttpError(error) ? (error.problem?.detail ?? `HTTP ${error.status}`) : error.message;
  const hint = isHttpError(error) && error.status === 401 ? '（API key 无效）' : isVitrineError(error, 'unsafe_link') || error?.problem?.code === 'unsafe_link' ? '（链接不安全）' : '';
  return `${hint}${detail}`;
}

// One idempotency key per distinct submission: a retried (double-clicked,
// re-sent after a network error) publish of the same content never creates two.
// Across reloads the platform itself finds the recommendation of this product at
// this shop (same reason: the existing one; new reason: that one, edited).
let attempt = { fingerprint: '', key: '' };
function idempotencyKey(input) {
  const fingerprint = JSON.stringify(input);
  if (attempt.fingerprint !== fingerprint) attempt = { fingerprint, key: crypto.randomUUID() };
  return attempt.key;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const { input, apiKey, consent } = readForm();
  if (!input.productUrl || !input.reason || !apiKey) return say(formStatus, '请填写商品链接、推荐理由和 API key。', 'error');
  if (!(await checkUrl())) return say(formStatus, '请换一个合作商家的商品链接。', 'error');

  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  say(formStatus, '发布中… Publishing…');
  try {
    const { recommendation, card, outcome } = await vitrine.creators.publish(input, { apiKey, idempotencyKey: idempotencyKey(input) });
    const done = {
      created: `已发布 Published ${recommendation.id}：${card.product.title}`,
      existing: `已经发布过，没有重复 Already published (no duplicate): ${recommendation.id}`,
      updated: `已更新推荐理由 Updated ${recommendation.id}`,
    }[outcome];
    say(formStatus, done, 'ok');
    form.dataset.outcome = outcome;
    showResult(recommendation, card, consent);
  } catch (error) {
    say(formStatus, `发布失败: ${describeError(error)}`, 'error');
  } finally {
    button.disabled = false;
  }
});

function showResult(recommendation, data, consent) {
  const card = new VitrineCard();
  card.layout = 'full';
  card.card = data;
  document.getElementById('preview').replaceChildren(card);
  // The card element carries a fallback link (title · price · shop · 广告): where the
  // script is stripped (RSS, e-mail, sanitising hosts) readers still get a disclosed link.
  snippet.textContent =
    `<link rel="stylesheet" href="${location.origin}/dist/vitrine.css">\n` +
    `<script src="${location.origin}/dist/vitrine.js" data-api="${API}" data-creator="${recommendation.creatorId}" data-locale="zh-CN" data-consent="${consent}" async></script>\n` +
    cardSnippet(data, { platformUrl: API, locale: 'zh-CN' });
  void showShare(recommendation.id);
  result.hidden = false;
  document.getElementById('result-title').focus();
}

/** The share page, share code and QR code of the new recommendation; says why a QR code carries no attribution. */
async function showShare(id) {
  const share = document.getElementById('share');
  const response = await fetch(`${API}/v1/cards/${encodeURIComponent(id)}/share`);
  if (!response.ok) return;
  const info = await response.json();
  const link = document.getElementById('share-url');
  link.href = info.url;
  link.textContent = info.url;
  document.getElementById('share-code').textContent = info.code;
  const qr = document.getElementById('share-qr');
  qr.src = info.qr.svg;
  const partner = info.qr.partnerId ? ((await vitrine.partners.list()).find((p) => p.id === info.qr.partnerId)?.name ?? info.qr.partnerId) : '';
  document.getElementById('qr-note').textContent =
    info.qr.note === 'partner_forbids_offline'
      ? `${partner} 不允许线下（二维码）推广计佣：此二维码直接打开商家页面，不计归因。${partner} does not pay commission on offline placements, so this QR code links to the shop without attribution.`
      : info.qr.affiliated
        ? '扫码计为一次点击（trigger: qr）。A scan counts as a click (trigger: qr).'
        : '没有可链接的商家，二维码打开分享页。No offer can be linked: the QR code opens the share page.';
  share.hidden = false;
}

document.getElementById('copy').addEventListener('click', async () => {
  const status = document.getElementById('copy-status');
  try {
    await navigator.clipboard.writeText(snippet.textContent);
    status.textContent = '已复制 Copied';
  } catch {
    // Clipboard access can be refused: select the text so the user can copy it.
    getSelection()?.selectAllChildren(snippet);
    status.textContent = '请按 Ctrl+C / ⌘C 复制';
  }
});

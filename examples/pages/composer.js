// The composer: check a partner product URL against the allow-list, publish a
// recommendation with the creator's API key, show the card and the embed snippet.
// Everything the page writes goes through textContent (never innerHTML).
import { isHttpError, isSafePartnerUrl, isVitrineError } from 'vitrine';
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

/** The allow-listed partners whose hosts accept `url` (in this demo, all shops share one host). */
async function partnersFor(url) {
  const partners = await vitrine.partners.list();
  return partners.filter((partner) => isSafePartnerUrl(url, partner));
}

function say(element, text, kind) {
  element.textContent = text;
  element.className = kind ?? 'hint';
}

async function checkUrl() {
  const url = urlInput.value.trim();
  if (!url) return say(urlStatus, '');
  try {
    const partners = await partnersFor(url);
    const [partner] = partners;
    if (partners.length === 1) say(urlStatus, `✓ 合作商家 ${partner.name}（佣金 ${partner.commissionRateBps / 100}%，归因窗口 ${partner.attributionWindowDays} 天）`, 'ok');
    else if (partner) say(urlStatus, `✓ 白名单商家的链接 Allow-listed host of: ${partners.map((p) => p.name).join('、')}`, 'ok');
    else say(urlStatus, '✗ 这不是合作商家的链接：只接受白名单商家的 https 商品链接。Not an allow-listed partner link.', 'error');
    urlInput.setAttribute('aria-invalid', String(!partner));
    return partner;
  } catch (error) {
    say(urlStatus, `无法读取商家名单 / Could not load the partner list: ${error.message}`, 'error');
  }
}
urlInput.addEventListener('change', checkUrl);

// One idempotency key per distinct submission: a retried (double-clicked,
// re-sent after a network error) publish of the same content never creates two.
let attempt = { fingerprint: '', key: '' };
function idempotencyKey(input) {
  const fingerprint = JSON.stringify(input);
  if (attempt.fingerprint !== fingerprint) attempt = { fingerprint, key: crypto.randomUUID() };
  return attempt.key;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = {
    productUrl: urlInput.value.trim(),
    reason: document.getElementById('reason').value.trim(),
    disclosure: document.getElementById('disclosure').value,
  };
  const apiKey = document.getElementById('api-key').value.trim();
  if (!input.productUrl || !input.reason || !apiKey) return say(formStatus, '请填写商品链接、推荐理由和 API key。', 'error');
  if (!(await checkUrl())) return say(formStatus, '请换一个合作商家的商品链接。', 'error');

  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  say(formStatus, '发布中… Publishing…');
  try {
    const { recommendation, card } = await vitrine.creators.publish(input, { apiKey, idempotencyKey: idempotencyKey(input) });
    say(formStatus, `已发布 Published ${recommendation.id}：${card.product.title}`, 'ok');
    showResult(recommendation, card);
  } catch (error) {
    const detail = isHttpError(error) ? (error.problem?.detail ?? `HTTP ${error.status}`) : error.message;
    const hint = isHttpError(error) && error.status === 401 ? '（API key 无效）' : isVitrineError(error, 'unsafe_link') ? '（链接不安全）' : '';
    say(formStatus, `发布失败${hint}: ${detail}`, 'error');
  } finally {
    button.disabled = false;
  }
});

function showResult(recommendation, data) {
  const card = new VitrineCard();
  card.layout = 'full';
  card.card = data;
  document.getElementById('preview').replaceChildren(card);
  snippet.textContent =
    `<script src="${location.origin}/dist/vitrine.js" data-api="${API}" data-creator="${recommendation.creatorId}" data-locale="zh-CN" async></script>\n` +
    `<vitrine-card rec="${recommendation.id}"></vitrine-card>`;
  result.hidden = false;
  document.getElementById('result-title').focus();
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

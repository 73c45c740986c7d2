/**
 * `vitrine/server`: what partner shops and platforms both need — Standard
 * Webhooks sign/verify, conversion callbacks (parse, build, send), link
 * attribution, the order state machine and commission math, with the errors
 * they throw and their guards, so a partner needs this one import. Web Crypto
 * only: runs on Node ≥ 22, Deno, Bun and edge runtimes.
 *
 * The reference platform (HTTP handler, stores, outbox) is `vitrine/platform`;
 * nothing here imports it, so a partner's bundle stays small.
 * @packageDocumentation
 */
export {
  WebhookVerificationError,
  generateSecret,
  newMessageId,
  sign,
  signHeaders,
  verify,
  type HeaderSource,
  type SignHeadersInput,
  type SignInput,
  type VerifiedWebhook,
  type VerifyInput,
  type WebhookBody,
  type WebhookHeaders,
  type WebhookVerificationErrorCode,
} from './webhooks.js';
export type { OrderUpdatedWebhook } from './outgoing-webhooks.js';
export {
  createConversion,
  parseConversion,
  sendConversion,
  type CreateConversionInput,
  type ParseConversionInput,
  type ParsedConversion,
  type SendConversionInput,
} from './conversions.js';
export { readLinkAttribution, resolveAttribution, type LinkAttribution, type ResolveAttributionInput } from './attribution.js';
export { applyStatus, canTransition, transitionPath } from './orders.js';
export {
  commissionFor,
  commissionStateFor,
  lineTarget,
  planLedger,
  refundShare,
  summarizeCommissions,
  type LedgerLine,
  type PlanLedgerInput,
} from './commission.js';
export { isKnownCurrency } from './currencies.js';
export { moneyViolations, type MoneyRule, type MoneyViolation } from './money-rules.js';
// The errors a partner meets here (the same classes as `vitrine`'s, so either guard works).
export {
  isValidationError,
  isVitrineError,
  RequestError,
  ValidationError,
  VitrineError,
  type ValidationIssue,
  type VitrineErrorCode,
} from '../errors.js';

export { planCheckout, type CheckoutHandOff, type CheckoutPlan, type CheckoutRejection } from './checkout.js';
export {
  createCartStore,
  lineKey,
  type AddToCartInput,
  type CartGroup,
  type CartStore,
  type CartStoreOptions,
} from './store.js';

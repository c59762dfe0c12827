export { createCheckoutSession } from './create-session';
export { expireCheckoutSession } from './expire';
export { listCheckoutSessions } from './list';
export { retrieveCheckoutSession } from './retrieve';

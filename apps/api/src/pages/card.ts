/** Test-mode card handling: format checks a real payment form would do, then the outcome of the test cards. */

export const testCards = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
} as const;

export interface CardInput {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export type CardField = 'cardNumber' | 'cardExpiry' | 'cardCvc' | 'cardName';

export type CardCheck = { ok: true; number: string } | { ok: false; errors: Partial<Record<CardField, string>> };

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Validates what the customer typed; spaces and dashes in the number are ignored. */
export function checkCard(input: CardInput, now: Date): CardCheck {
  const errors: Partial<Record<CardField, string>> = {};
  const number = input.number.replace(/[\s-]/g, '');
  if (number === '') errors.cardNumber = 'Enter your card number.';
  else if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) errors.cardNumber = 'This card number is not valid.';

  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec(input.expiry);
  if (input.expiry.trim() === '') errors.cardExpiry = 'Enter the expiry date.';
  else if (!expiry || Number(expiry[1]) < 1 || Number(expiry[1]) > 12) errors.cardExpiry = 'Use the format MM/YY.';
  else {
    // A card is valid through the last day of its expiry month (UTC).
    const month = Number(expiry[1]);
    const year = 2000 + Number(expiry[2]);
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    if (year * 12 + (month - 1) < current) errors.cardExpiry = 'This card has expired.';
  }

  if (input.cvc.trim() === '') errors.cardCvc = 'Enter the security code.';
  else if (!/^\d{3,4}$/.test(input.cvc.trim())) errors.cardCvc = 'The security code is 3 or 4 digits.';

  if (input.name.trim() === '') errors.cardName = 'Enter the name on the card.';
  else if (input.name.length > 200) errors.cardName = 'The name is too long.';

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, number };
}

export type TestChargeOutcome = { paid: true } | { paid: false; reason: string };

/** What the test-mode processor answers for a well-formed card. */
export function chargeTestCard(number: string): TestChargeOutcome {
  if (number === testCards.succeeds) return { paid: true };
  if (number === testCards.declined) return { paid: false, reason: 'Your card was declined. Try another card.' };
  return {
    paid: false,
    reason:
      'Your card was declined: this is a test-mode checkout. Use 4242 4242 4242 4242 to pay, or 4000 0000 0000 0002 to see a decline.',
  };
}

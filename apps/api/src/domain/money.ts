import { DomainError, type InputPath } from './failure';

/** ISO 4217 minor-unit digits of the currencies we sell in. */
export const currencyExponents: Readonly<Record<string, number>> = {
  usd: 2,
  eur: 2,
  gbp: 2,
  cad: 2,
  aud: 2,
  chf: 2,
  sek: 2,
  nok: 2,
  dkk: 2,
  pln: 2,
  inr: 2,
  brl: 2,
  jpy: 0,
};

export function isSupportedCurrency(currency: string): boolean {
  return Object.hasOwn(currencyExponents, currency);
}

export function assertSupportedCurrency(currency: string, field: InputPath): void {
  if (!isSupportedCurrency(currency)) {
    throw new DomainError('currency_not_supported', `Currency "${currency}" is not supported.`, {
      path: field,
      detail: `Supported currencies: ${Object.keys(currencyExponents).join(', ')}.`,
    });
  }
}

function exponentOf(currency: string): number {
  const exponent = currencyExponents[currency];
  if (exponent === undefined) throw new Error(`no exponent for currency "${currency}"`);
  return exponent;
}

/**
 * `value` × 10^digits as an integer, without floating-point arithmetic: the number's shortest decimal form is split
 * into digits. Null when it has more than `digits` fractional digits.
 */
export function toScaledInteger(value: number, digits: number): number | null {
  if (!Number.isFinite(value) || value < 0) throw new Error(`value must be a finite non-negative number: ${value}`);
  const text = String(value);
  // Exponent notation only appears below 1e-6 (or above 1e21, far past any schema's maximum): too precise either way.
  if (/e/i.test(text)) return null;
  const [whole = '0', fraction = ''] = text.split('.');
  if (fraction.length > digits) return null;
  return Number(BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0'));
}

/**
 * A wire amount (decimal, major units) as integer minor units, exactly. More fractional digits than the currency has
 * is `amount_precision_exceeded`.
 */
export function toMinorUnits(amount: number, currency: string, field: InputPath): number {
  const exponent = exponentOf(currency);
  const minor = toScaledInteger(amount, exponent);
  if (minor === null) {
    throw new DomainError(
      'amount_precision_exceeded',
      `${currency.toUpperCase()} amounts have at most ${exponent} decimal place${exponent === 1 ? '' : 's'}.`,
      { path: field, detail: `${amount} has more precision than ${currency.toUpperCase()} allows.` },
    );
  }
  return minor;
}

/** Integer minor units as a wire amount (major units). Exact: integer ÷ 10^n rounds to the decimal it denotes. */
export function toMajorUnits(minor: number, currency: string): number {
  return minor / 10 ** exponentOf(currency);
}

import { currencyExponents, toMajorUnits } from '../domain/money';

/** Minor units for people: `1999, 'usd'` → `$19.99`. Display only; amounts are computed in integers elsewhere. */
export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(
    toMajorUnits(minor, currency),
  );
}

/** Minor units as the plain decimal a customer types into a price field: `1500, 'usd'` → `15.00`. */
export function formatAmountInput(minor: number, currency: string): string {
  return toMajorUnits(minor, currency).toFixed(currencyExponents[currency] ?? 2);
}

import { percentToHundredths } from '../../domain/discounts';
import { randomId } from '../../domain/ids';
import { assertSupportedCurrency, toMinorUnits } from '../../domain/money';
import { ApiError, type FieldError } from '../../errors';
import { insertDiscount } from '../../store/discounts';
import { findProduct } from '../../store/products';
import { discountOnWire } from '../../wire/discount';
import type { Handler } from '../handler';
import { notFound } from '../not-found';

/** POST /v1/discounts */
export const createDiscount: Handler<'createDiscount'> = async (c) => {
  const body = c.req.valid('json');
  const { db, clock } = c.get('deps');
  const scope = c.get('caller');
  const now = clock.now();

  // Which amount fields a type takes: the schema allows all, so the combination is checked here, every problem at once.
  const problems: FieldError[] = [];
  const needs = (field: 'percentOff' | 'amountOff' | 'currency') =>
    body[field] === undefined &&
    problems.push({ pointer: `/body/${field}`, detail: `Required for ${body.type} discounts.` });
  const refuses = (field: 'percentOff' | 'amountOff' | 'currency') =>
    body[field] !== undefined &&
    problems.push({ pointer: `/body/${field}`, detail: `Not allowed for ${body.type} discounts.` });
  if (body.type === 'percent') {
    needs('percentOff');
    refuses('amountOff');
    refuses('currency');
  } else {
    needs('amountOff');
    needs('currency');
    refuses('percentOff');
  }
  let percentOffHundredths: number | null = null;
  if (body.type === 'percent' && body.percentOff !== undefined) {
    percentOffHundredths = percentToHundredths(body.percentOff);
    if (percentOffHundredths === null) {
      problems.push({ pointer: '/body/percentOff', detail: 'At most 2 decimal places.' });
    }
  }
  if (problems.length > 0) {
    const first = problems[0]!;
    const summary =
      problems.length === 1 ? `${first.pointer}: ${first.detail}` : `${problems.length} problems; see \`errors\`.`;
    throw new ApiError('discount_invalid', `The discount is invalid: ${summary}`, problems);
  }

  let amountOff: number | null = null;
  if (body.type === 'fixed_amount' && body.currency !== undefined && body.amountOff !== undefined) {
    assertSupportedCurrency(body.currency, ['currency']);
    amountOff = toMinorUnits(body.amountOff, body.currency, ['amountOff']);
  }
  const expiresAt = body.expiresAt === undefined ? null : new Date(body.expiresAt);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new ApiError('expires_at_in_past', 'expiresAt must be in the future.', [
      { pointer: '/body/expiresAt', detail: `${body.expiresAt} is not after ${now.toISOString()}.` },
    ]);
  }
  if (body.productId !== undefined && !(await findProduct(db, scope, body.productId))) {
    throw notFound('product_not_found', 'product', body.productId, '/body/productId');
  }

  const discount = await insertDiscount(
    db,
    scope,
    randomId('disc'),
    {
      code: body.code,
      type: body.type,
      percentOffHundredths,
      amountOff,
      currency: body.type === 'fixed_amount' ? (body.currency ?? null) : null,
      expiresAt,
      maxRedemptions: body.maxRedemptions ?? null,
      productId: body.productId ?? null,
    },
    now,
  );
  if (!discount) {
    throw new ApiError(
      'discount_code_taken',
      `A discount with code "${body.code}" already exists (codes ignore case).`,
      [{ pointer: '/body/code', detail: 'Choose another code.' }],
    );
  }
  return c.json(discountOnWire(discount), 201);
};

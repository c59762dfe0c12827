import { describe, expect, expectTypeOf, it } from 'vitest';
import { type CamelAliased, toCamelCase, withAliases } from '../../src/core/aliases';
import { json, scriptedFetch } from '../helpers/scripted-fetch';
import { type Widget, widget, widgetClient } from '../helpers/widgets-api';

describe('camelCase aliases', () => {
  it('exposes camelCase getters equal to the snake_case fields, recursively', () => {
    const w = withAliases(widget('w1'));
    expect(w.displayName).toBe('Widget w1');
    expect(w.unitAmount).toBe(w.unit_amount);
    expect(w.parts[0]?.partId).toBe('p1');
    expect(w.parts[0]?.isSpare).toBe(false);
    expect(w.customFields).toBe(w.custom_fields);
  });

  it('keeps the wire shape: aliases are non-enumerable, JSON.stringify and Object.keys are unchanged', () => {
    const wire = widget('w1');
    const w = withAliases(structuredClone(wire));
    expect(JSON.stringify(w)).toBe(JSON.stringify(wire));
    expect(Object.keys(w)).toEqual(Object.keys(wire));
    expect(Object.getOwnPropertyDescriptor(w, 'displayName')?.enumerable).toBe(false);
    expect(Object.keys(w.parts[0]!)).toEqual(['part_id', 'is_spare']);
  });

  it('never aliases inside free-form maps (custom_fields, checkout_data)', () => {
    const w = withAliases(widget('w1'));
    expect(Object.getOwnPropertyNames(w.custom_fields)).toEqual(['user_id']);
    expect(Object.getOwnPropertyNames(w.checkout_data)).toEqual(['nested_key']);
    expect(Object.getOwnPropertyNames((w.checkout_data as { nested_key: object }).nested_key)).toEqual(['deep_key']);
  });

  it('writes through to the wire field', () => {
    const w = withAliases(widget('w1'));
    (w as { displayName: string }).displayName = 'Renamed';
    expect(w.display_name).toBe('Renamed');
  });

  it('leaves primitives, null and undefined alone', () => {
    expect(withAliases(null)).toBeNull();
    expect(withAliases(undefined)).toBeUndefined();
    expect(withAliases(3)).toBe(3);
  });

  it('converts names like the type-level CamelCase', () => {
    expect(toCamelCase('checkout_url')).toBe('checkoutUrl');
    expect(toCamelCase('last_response_status')).toBe('lastResponseStatus');
    expect(toCamelCase('id')).toBe('id');
  });

  it('applies to responses from the client', async () => {
    const { fetch } = scriptedFetch(json(200, widget('w1')));
    const w = await widgetClient({ fetch }).get('/v1/widgets/{widgetId}', { path: { widgetId: 'w1' } });
    expect(w.displayName).toBe('Widget w1');
    expect(JSON.parse(JSON.stringify(w))).toEqual(widget('w1'));
  });

  it('types aliases next to wire keys, and leaves free-form maps as they are', () => {
    type W = CamelAliased<Widget>;
    expectTypeOf<W['display_name']>().toEqualTypeOf<string>();
    expectTypeOf<W['displayName']>().toEqualTypeOf<string>();
    expectTypeOf<W['parts'][number]['partId']>().toEqualTypeOf<string>();
    expectTypeOf<W['customFields']>().toEqualTypeOf<{ [key: string]: string }>();
    expectTypeOf<W['checkoutData']>().toEqualTypeOf<{ [key: string]: unknown } | null>();
    expectTypeOf<W>().toExtend<Widget>();
    expectTypeOf<CamelAliased<{ a_b?: number | null }>>().toEqualTypeOf<
      { a_b?: number | null } & { readonly aB?: number | null }
    >();
  });
});

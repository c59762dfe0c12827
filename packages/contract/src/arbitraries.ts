import fc from 'fast-check';
import type { JsonSchema } from './spec';
import type { Contract } from './validator';

/**
 * `valid`: values the schema accepts. `hostile`: the same shapes, but every string position (values, enum
 * members, map keys) sometimes holds trouble from `hostileString` or a twisted valid value, and numbers
 * sometimes arrive as strings. Mostly valid still, so the fuzz keeps reaching the handlers.
 */
type Flavour = 'valid' | 'hostile';

/**
 * fast-check arbitraries for values VALID against a schema of the bundled spec (the subset our spec uses: see
 * scripts/lib/zod-emitter.ts). Formats get conservative generators (plain emails, https URLs) so that a failure
 * means the server disagrees with the spec, not that an exotic-but-legal value hit a stricter validator.
 */
export function validValue(contract: Contract, schema: JsonSchema, at = '#'): fc.Arbitrary<unknown> {
  return generate(contract, schema, at, 'valid');
}

/**
 * Values shaped by the schema with hostile text mixed into every string position: NUL and other control
 * characters, lone surrogates, 10,000-character strings, normalisation twins, bidi overrides, emoji, quotes,
 * markup, SQL metacharacters, numbers as strings. Not valid by the schema in general: the server must answer
 * each with a documented 4xx (or accept it), never a 5xx.
 */
export function hostileValue(contract: Contract, schema: JsonSchema, at = '#'): fc.Arbitrary<unknown> {
  return generate(contract, schema, at, 'hostile');
}

function generate(contract: Contract, schema: JsonSchema, at: string, flavour: Flavour): fc.Arbitrary<unknown> {
  const { node } = contract.resolve(schema, at);
  const s = node as JsonSchema & Record<string, any>;
  if (s.const !== undefined) return stringsMaybeTwisted(fc.constant(s.const), flavour);
  if (Array.isArray(s.enum)) return stringsMaybeTwisted(fc.constantFrom(...(s.enum as unknown[])), flavour);
  if (Array.isArray(s.oneOf))
    return fc.oneof(
      ...(s.oneOf as JsonSchema[]).map((variant, i) => generate(contract, variant, `${at}/oneOf/${i}`, flavour)),
    );
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : ['object'];
  const variants = types.map((type) => byType(contract, s, type, at, flavour));
  return variants.length === 1 ? variants[0]! : fc.oneof(...variants);
}

/** Enum and const members are string positions too: in hostile mode, sometimes a twin of the allowed value. */
function stringsMaybeTwisted(arb: fc.Arbitrary<unknown>, flavour: Flavour): fc.Arbitrary<unknown> {
  if (flavour === 'valid') return arb;
  return arb.chain((value) =>
    typeof value === 'string'
      ? fc.oneof({ weight: 6, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: twisted(value) })
      : fc.constant(value),
  );
}

function byType(
  contract: Contract,
  s: Record<string, any>,
  type: string,
  at: string,
  flavour: Flavour,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numbersMaybeStrings(integerIn(s), flavour);
    case 'number':
      return numbersMaybeStrings(s.multipleOf === 1 ? integerIn(s) : numberIn(s), flavour);
    case 'string':
      return flavour === 'valid' ? stringFor(s) : mixedString(stringFor(s), Boolean(s.pattern || s.format));
    case 'array':
      return arrayFor(contract, s, at, flavour);
    case 'object':
      return objectFor(contract, s, at, flavour);
    default:
      throw new Error(`${at}: no generator for type ${type}`);
  }
}

/** Hostile mode: `12` sometimes sent as `"12"` (a client that stringifies numbers). */
function numbersMaybeStrings(arb: fc.Arbitrary<number>, flavour: Flavour): fc.Arbitrary<unknown> {
  if (flavour === 'valid') return arb;
  return fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: arb.map(String) });
}

function bounds(s: Record<string, any>, fallbackMin: number, fallbackMax: number): { min: number; max: number } {
  const min = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum : (s.minimum ?? fallbackMin);
  return { min, max: s.maximum ?? fallbackMax };
}

function integerIn(s: Record<string, any>): fc.Arbitrary<number> {
  const { min, max } = bounds(s, -1_000_000, 1_000_000);
  const lower = s.exclusiveMinimum !== undefined ? Math.floor(min) + 1 : Math.ceil(min);
  return fc.integer({ min: lower, max: Math.floor(max) });
}

/** Decimals with two places at most: the precision every currency in the spec accepts is a separate rule. */
function numberIn(s: Record<string, any>): fc.Arbitrary<number> {
  const { min, max } = bounds(s, -1_000_000, 1_000_000);
  const lower = Math.ceil(min * 100) + (s.exclusiveMinimum !== undefined ? 1 : 0);
  return fc.integer({ min: lower, max: Math.floor(max * 100) }).map((cents) => cents / 100);
}

const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);

function stringFor(s: Record<string, any>): fc.Arbitrary<string> {
  const maxLength: number = s.maxLength ?? 64;
  const minLength: number = s.minLength ?? 0;
  const fit = (arb: fc.Arbitrary<string>) => arb.filter((v) => v.length >= minLength && v.length <= maxLength);
  switch (s.format) {
    case 'email':
      return fit(fc.tuple(word, word).map(([local, host]) => `${local}@${host}.example.com`));
    case 'uri':
      return fit(word.map((path) => `https://example.com/${path}`));
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc
        .integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2035, 0, 1) })
        .map((ms) => new Date(ms).toISOString());
  }
  if (s.pattern) return fit(fc.stringMatching(new RegExp(s.pattern)));
  return fc.string({ minLength, maxLength: Math.min(maxLength, 40) });
}

function arrayFor(contract: Contract, s: Record<string, any>, at: string, flavour: Flavour): fc.Arbitrary<unknown[]> {
  const item = generate(contract, s.items ?? {}, `${at}/items`, flavour);
  const constraints = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 5) };
  return s.uniqueItems
    ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
    : fc.array(item, constraints);
}

function objectFor(
  contract: Contract,
  s: Record<string, any>,
  at: string,
  flavour: Flavour,
): fc.Arbitrary<Record<string, unknown>> {
  const properties: Record<string, JsonSchema> = s.properties ?? {};
  const required = new Set<string>(s.required ?? []);
  const known = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, schema]) => [
        key,
        generate(contract, schema, `${at}/properties/${key}`, flavour),
      ]),
    ),
    { requiredKeys: [...required].filter((key) => key in properties) },
  );
  const extra = s.additionalProperties;
  if (extra === undefined || extra === false || Object.keys(properties).length > 0) {
    return minProperties(known, s.minProperties);
  }
  // A map (`customFields`, `checkoutData`): keys by propertyNames, values by additionalProperties.
  const validKeys = s.propertyNames?.pattern ? fc.stringMatching(new RegExp(s.propertyNames.pattern)) : word;
  const keys = flavour === 'valid' ? validKeys : mixedString(validKeys, true); // up to 5 keys each: fewer hostile
  const anyJson = flavour === 'valid' ? word : mixedString(word);
  const values =
    extra === true
      ? fc.oneof(anyJson, fc.integer(), fc.boolean(), fc.array(anyJson, { maxLength: 3 }))
      : generate(contract, extra, `${at}/additionalProperties`, flavour);
  return fc.dictionary(keys, values, { maxKeys: Math.min(s.maxProperties ?? 5, 5), minKeys: s.minProperties ?? 0 });
}

function minProperties(
  arb: fc.Arbitrary<Record<string, unknown>>,
  min: number | undefined,
): fc.Arbitrary<Record<string, unknown>> {
  return min ? arb.filter((value) => Object.keys(value).length >= min) : arb;
}

/** A JSON value of a type the schema does not allow at all, or undefined when the schema allows every type. */
export function wrongTypeValue(contract: Contract, schema: JsonSchema, at = '#'): unknown {
  const { node } = contract.resolve(schema, at);
  const s = node as Record<string, any>;
  const allowed = new Set<string>(
    Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.enum || s.const !== undefined ? ['string'] : [],
  );
  if (allowed.size === 0) return undefined;
  if (allowed.has('integer')) allowed.add('number');
  const candidates: [string, unknown][] = [
    ['string', 'not-a-valid-value'],
    ['number', 12345.5],
    ['boolean', true],
    ['array', ['x']],
    ['object', { unexpected: 1 }],
  ];
  return candidates.find(([type]) => !allowed.has(type))?.[1];
}

// ---- Hostile text -------------------------------------------------------------------------------------------

/** Pairs that look (or normalise, or case-fold) alike: composed vs decomposed, compatibility forms, lookalikes. */
export const unicodeTwins: readonly (readonly [string, string])[] = [
  ['\u00e9', 'e\u0301'], // é: NFC vs NFD
  ['\u00c5', 'A\u030a'], // Å vs A + ring
  ['\u00c5', '\u212b'], // Å vs ANGSTROM SIGN (NFC maps it to Å)
  ['\u00f1', 'n\u0303'], // ñ
  ['fi', '\ufb01'], // ligature (NFKC)
  ['ss', '\u00df'], // ß (upper-cases to SS in JavaScript, to ß or ẞ in PostgreSQL)
  ['K', '\u212a'], // KELVIN SIGN
  ['s', '\u017f'], // LONG S: PostgreSQL upper() makes it S
  ['i', '\u0131'], // DOTLESS I: upper() makes it I
  ['I', '\u0130'], // I WITH DOT ABOVE
  ['A', '\u0391'], // Greek capital alpha
  ['O', '\u041e'], // Cyrillic capital O
  ['1', '\uff11'], // fullwidth digit
  ['-', '\u2010'], // hyphen
];

const controlCharacters = [
  ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)),
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
];
const loneSurrogates = ['\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800', '\ud83d'];
const bidiAndInvisible = [
  '\u202e', // RIGHT-TO-LEFT OVERRIDE
  '\u202d',
  '\u202a',
  '\u200e',
  '\u200f',
  '\u2066',
  '\u2067',
  '\u2069',
  '\u061c',
  '\ufeff', // BOM / zero-width no-break space
  '\u200b',
  '\u200d',
  '\u00ad',
  '\u00a0',
  '\u3000',
];
const emoji = ['😀', '👩\u200d👩\u200d👧\u200d👦', '🇫🇷', '👍🏽', '🏳\ufe0f\u200d🌈', '1\ufe0f\u20e3', '\u{10ffff}', '𝔘𝔫𝔦'];
const quotes = ["'", '"', '`', '\\', '\\"', "''", '""', '\\u0000', '\\n', '%00', '&#0;', '&amp;'];
const markup = [
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "'><img src=x onerror=alert(1)>",
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '<!--',
  '</textarea>',
];
const sql = [
  "' OR '1'='1",
  "'; DROP TABLE products; --",
  '1; SELECT pg_sleep(5)--',
  "') OR ('a'='a",
  '%',
  '_',
  '%_%',
  '\\',
  '$1',
  "E'\\x00'",
  '::text',
  '/*',
  ';',
];
const numberLike = [
  '0',
  '-0',
  '-1',
  '1e309',
  '1e-7',
  '0.1',
  'NaN',
  'Infinity',
  '-Infinity',
  '9007199254740993',
  '18446744073709551616',
  '0x1F',
  '00012',
  '1_000',
  '\uff11\uff12\uff13',
  '\u0661\u0662\u0663',
  '  42  ',
  '4.2.1',
  '+1',
  '.5',
  'true',
  'null',
  '',
  ' ',
];

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...controlCharacters),
  fc.constantFrom(...loneSurrogates),
  fc.constantFrom(...unicodeTwins.flat()),
  fc.constantFrom(...bidiAndInvisible),
  fc.constantFrom(...emoji),
  fc.constantFrom(...quotes),
  fc.constantFrom(...markup),
  fc.constantFrom(...sql),
  fc.constantFrom(...numberLike),
);

/** Exactly 10,000 UTF-16 code units, never splitting a surrogate pair. */
const tenThousand = fc
  .constantFrom('a', 'Z9_', '\u00e9', 'e\u0301', '😀', '\u202e', "'")
  .map((unit) => unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 10_000)); // the one pair has length 2

/** Text that has broken servers: see hostileValue. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: atom },
  { weight: 3, arbitrary: fc.array(atom, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('')) },
  { weight: 3, arbitrary: fc.tuple(word, atom, word).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: tenThousand },
  { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{1,40}$/) },
);

/** A valid value bent a little: normalised, case-changed, a twin swapped in, something inserted or appended. */
export function twisted(value: string): fc.Arbitrary<string> {
  return fc.tuple(fc.nat({ max: 7 }), fc.nat({ max: Math.max(0, value.length) }), atom).map(([how, at, extra]) => {
    switch (how) {
      case 0:
        return value.normalize('NFD') === value ? `${value}\u0301` : value.normalize('NFD');
      case 1:
        return value.toUpperCase() === value ? value.toLowerCase() : value.toUpperCase();
      case 2: {
        const fitting = unicodeTwins.filter(([plain]) => value.toUpperCase().includes(plain.toUpperCase()));
        const twin = fitting[at % Math.max(1, fitting.length)];
        if (!twin) return `${value}${unicodeTwins[at % unicodeTwins.length]![1]}`;
        const index = value.toUpperCase().indexOf(twin[0].toUpperCase());
        return `${value.slice(0, index)}${twin[1]}${value.slice(index + twin[0].length)}`;
      }
      case 3:
        return `${value} `;
      case 4:
        return `${value.slice(0, at)}${extra}${value.slice(at)}`;
      case 5:
        return `${value}${'x'.repeat(10_000)}`;
      case 6:
        return value.normalize('NFKC');
      default:
        return `${value}\u0000`;
    }
  });
}

/**
 * A schema's valid strings most of the time, else twisted valid ones or hostile text. A pattern or format rejects
 * almost any hostile text at validation, so there it comes less often and free text (names, custom fields,
 * metadata), which goes on to the handlers and the database, gets more.
 */
function mixedString(valid: fc.Arbitrary<string>, constrained = false): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: constrained ? 12 : 4, arbitrary: valid },
    { weight: 1, arbitrary: valid.chain(twisted) },
    { weight: constrained ? 1 : 2, arbitrary: hostileString },
  );
}

/**
 * Header values (`Idempotency-Key`): only what a fetch `Headers` can carry (byte strings, no NUL, CR or LF),
 * hostile otherwise: quotes, markup, SQL, Latin-1 bytes, digits, lengths around the 255 limit.
 */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...quotes, ...markup, ...sql, ...numberLike.filter((v) => /^[\x20-\x7e]*$/.test(v))),
  fc.string({ unit: fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)), maxLength: 20 }),
  fc.stringMatching(/^[0-9]{1,40}$/),
  fc.constantFrom(254, 255, 256, 10_000).map((length) => 'k'.repeat(length)),
  fc.uuid(),
  fc.tuple(word, fc.constantFrom('\t', ' ', '\u00e9', '\u00ff')).map(([w, c]) => `${c}${w}${c}`),
);

const brokenEscapes = [
  '%',
  '%f',
  '%ff',
  '%zz',
  '%c3',
  '%e2%82',
  '%ed%a0%80', // an encoded surrogate: not UTF-8
  '%c0%80', // overlong NUL
  '%f4%90%80%80', // above U+10FFFF
  '%00',
  'a%00b',
  '%25',
  '%2F',
  '%5C',
  '%0D%0A',
];

/**
 * Path segment or query value, ALREADY percent-encoded: valid values (encoded), hostile text (lone surrogates
 * cannot travel in a URL, so they become U+FFFD), and broken escapes (`%ff`, `%`, encoded surrogates, `%00`).
 */
export function hostileUrlComponent(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const encode = (text: string) => encodeURIComponent(text.toWellFormed());
  return fc.oneof(
    { weight: 5, arbitrary: valid.map(encode) },
    { weight: 1, arbitrary: valid.chain(twisted).map(encode) },
    { weight: 2, arbitrary: hostileString.map(encode) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...brokenEscapes))
        .map(([value, broken]) => `${encode(value)}${broken}`),
    },
  );
}

/** What the server's string rule refuses: U+0000 or an unpaired surrogate. */
export function unstorable(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

// The OpenAPI formats request schemas may name, for the compiled validators
// (src/api/generated/validators.ts; scripts/gen-validators.mjs lists the same names). Integer formats
// are ranges; `float` is a single-precision range; the string formats other than `byte` are labels.
const MAX_INT32 = 2 ** 31 - 1;
const MIN_INT32 = (-2) ** 31;
const MAX_INT64 = 2 ** 63 - 1;
const MIN_INT64 = (-2) ** 63;
const MAX_FLOAT = (2 - 2 ** -23) * 2 ** 127;
const MIN_POSITIVE_FLOAT = 2 ** -126;
const BASE64 = /^[A-Za-z0-9+/]*(=|==)?$/;

interface Format {
  type: 'number' | 'string';
  validate: (value: never) => boolean;
}

export const openapiFormats: Record<string, Format> = {
  int32: { type: 'number', validate: (i: number) => Number.isInteger(i) && i <= MAX_INT32 && i >= MIN_INT32 },
  int64: { type: 'number', validate: (i: number) => Number.isInteger(i) && i <= MAX_INT64 && i >= MIN_INT64 },
  float: {
    type: 'number',
    validate: (i: number) => i === 0 || (i <= MAX_FLOAT && i >= MIN_POSITIVE_FLOAT) || (i >= -MAX_FLOAT && i <= -MIN_POSITIVE_FLOAT),
  },
  double: { type: 'number', validate: () => true },
  byte: { type: 'string', validate: (b: string) => b.length % 4 === 0 && BASE64.test(b) },
  binary: { type: 'string', validate: () => true },
  password: { type: 'string', validate: () => true },
};

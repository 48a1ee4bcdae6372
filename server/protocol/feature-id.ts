/**
 * The one rule for feature ids, on every path that takes one (POST bodies, the `{featureId}` of reads, writes
 * and personal data, socket changes): 1 to 200 characters, letters and digits of any script and `- _ . :`,
 * not starting with a punctuation mark. Such an id is one path segment as it is (nothing to encode, no `/`,
 * `%`, `.`/`..`, space or control character), so every id that can be written can be read, patched and deleted.
 * Pure; the client may import it.
 */
export const FEATURE_ID_MAX_LENGTH = 200;

const FEATURE_ID = /^[\p{L}\p{N}][\p{L}\p{N}_.:-]{0,199}$/u;

export function isFeatureId(value: unknown): value is string {
  return typeof value === 'string' && FEATURE_ID.test(value);
}

export const FEATURE_ID_RULE = `1 to ${FEATURE_ID_MAX_LENGTH} letters, digits and - _ . : (starting with a letter or digit)`;

/** An id as it may be quoted back in a message: short, printable. */
export function quotedId(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.slice(0, 60).replace(/[\u0000-\u001f\u007f]/g, '?');
}

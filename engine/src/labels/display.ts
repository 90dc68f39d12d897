// Text from the manifest as it appears in messages: bounded, so a hostile 100 KB value does not
// make a 100 KB message. Label keys can be 317 characters long when valid; values 63.

export const MAX_SHOWN_VALUE = 80;
export const MAX_SHOWN_KEY = 320;

/** `s` cut to `max` characters (an ellipsis marks the cut, with the full length). */
export function shorten(s: string, max: number = MAX_SHOWN_VALUE): string {
  if (s.length <= max) return s;
  // Do not split a surrogate pair.
  const cut = /[\uD800-\uDBFF]/.test(s[max - 1]) ? max - 1 : max;
  return `${s.slice(0, cut)}… (${s.length} characters)`;
}

export function shownKey(key: string): string {
  return shorten(key, MAX_SHOWN_KEY);
}

export function shownValue(value: string): string {
  return shorten(value, MAX_SHOWN_VALUE);
}

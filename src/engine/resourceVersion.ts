// Which of two versions of an object is newer, by resourceVersion (the caches drop stale events).

/** Whether `b` is newer than `a`; true when it cannot be told (a missing or opaque version). */
export function newer(a: { metadata: { resourceVersion?: string } }, b: { metadata: { resourceVersion?: string } }): boolean {
  const ra = a.metadata.resourceVersion;
  const rb = b.metadata.resourceVersion;
  if (ra === undefined || rb === undefined) return true;
  // Decimal resourceVersions compare by length, then digit by digit (no BigInt, no regex).
  if (isDecimal(ra) && isDecimal(rb)) return rb.length !== ra.length ? rb.length > ra.length : rb > ra;
  return true;
}

function isDecimal(text: string): boolean {
  if (text.length === 0 || (text.length > 1 && text.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

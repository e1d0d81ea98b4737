/** Equality-based label selector: every key must be present with the given value ("" value = key exists). */
export type LabelSelector = Record<string, string>;

export function matchesSelector(labels: Record<string, string> | undefined, selector: LabelSelector | undefined): boolean {
  if (!selector) return true;
  for (const key in selector) {
    const want = selector[key];
    const have = labels?.[key];
    if (have === undefined) return false;
    if (want !== '' && have !== want) return false;
  }
  return true;
}

/** Renders a selector the way the Kubernetes API expects it (`a=b,c`). */
export function selectorString(selector: LabelSelector): string {
  return Object.entries(selector)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join(',');
}

// --only / --skip: a selector is a check id, an id prefix ("lifecycle" matches "lifecycle.success") or a tag.

export interface Selectable {
  id: string;
  tags: string[];
}

export function matches(check: Selectable, selector: string): boolean {
  return check.id === selector || check.id.startsWith(`${selector}.`) || check.tags.includes(selector);
}

export function select<T extends Selectable>(checks: T[], only: string[], skip: string[]): T[] {
  return checks.filter((c) => (only.length === 0 || only.some((s) => matches(c, s))) && !skip.some((s) => matches(c, s)));
}

/** The seed of one check: the run seed mixed with its id, so a check replays alone with the same seed. */
export function checkSeed(seed: number, id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (seed ^ h) | 0;
}

/** The selectors that match none of `checks`: a typo in --only would otherwise run nothing and pass. */
export function unmatched(checks: Selectable[], selectors: string[]): string[] {
  return selectors.filter((s) => !checks.some((c) => matches(c, s)));
}

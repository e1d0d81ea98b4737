// Values built once per key and shared, in a table that forgets everything when it is full, so keys
// that never repeat (a pod name inside a message) cannot make it grow without bound.

export class BoundedMemo<K, V> {
  private readonly table = new Map<K, V>();

  constructor(
    private readonly limit: number,
    private readonly make: (key: K) => V,
  ) {}

  get(key: K): V {
    let value = this.table.get(key);
    if (value === undefined) {
      if (this.table.size >= this.limit) this.table.clear();
      this.table.set(key, (value = this.make(key)));
    }
    return value;
  }
}

/** Handler names as the core stores them: small integers, 0 for none. One registry per process. */
const ids = new Map<string, number>();
const names: Array<string | undefined> = [undefined];

export function handlerId(name: string | undefined): number {
  if (name === undefined) return 0;
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    ids.set(name, id);
    names.push(name);
  }
  return id;
}

export function handlerName(id: number): string | undefined {
  return names[id];
}

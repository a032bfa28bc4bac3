/** Finds a button on a card by its title and returns what pressing it would send. */
export function button(card: unknown, title: string): { verb: string; data: Record<string, unknown> } {
  const found: { verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'Action.Execute' && n.title === title) found.push({ verb: n.verb as string, data: (n.data ?? {}) as Record<string, unknown> });
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  if (found.length !== 1) throw new Error(`Expected one "${title}" button, found ${found.length}`);
  return found[0]!;
}

export function buttonTitles(card: unknown): string[] {
  return (((card as { actions?: { title: string }[] }).actions ?? []) as { title: string }[]).map((a) => a.title);
}

/** The value an input on the card currently holds. */
export function inputValue(card: unknown, id: string): unknown {
  let value: unknown;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) value = n.value;
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return value;
}

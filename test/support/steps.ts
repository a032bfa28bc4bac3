// A later test may run first (shuffled, or alone): a story step runs once, whichever test needs it, and each caller gets its result.
export const step = <T>(run: () => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= run());
};

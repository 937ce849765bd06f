// Legends that act, by Grafana's convention: a click on an entry isolates it (shows only it), a
// click on the only one shown shows all again; Ctrl/⌘+click toggles one entry alone.

/** The set of hidden entries after a click on `entry` (`toggle`: Ctrl/⌘ held). */
export function legendClick<K>(hidden: ReadonlySet<K>, all: readonly K[], entry: K, toggle: boolean): Set<K> {
  if (toggle) {
    const next = new Set(hidden);
    if (next.has(entry)) next.delete(entry);
    else next.add(entry);
    // Hiding the last visible entry would leave an empty chart: show all instead.
    return all.every((k) => next.has(k)) ? new Set() : next;
  }
  const onlyThis = !hidden.has(entry) && all.every((k) => k === entry || hidden.has(k));
  return onlyThis ? new Set() : new Set(all.filter((k) => k !== entry));
}

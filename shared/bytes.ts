// Sizes in words, for the CLI's status lines and the UI's checkpoint details alike.

/** `512 B`, `1.5 kB`, `87.9 MB`, `1.25 GB` (binary multiples, as Flink's web UI shows sizes). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** Prints a benchmark's result as an aligned plain-text table under its title. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(title);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** Exits 0 when the benchmark finished, 1 (naming the error) when it did not. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`${error.name}: ${error.message}`);
      process.exit(1);
    },
  );
}

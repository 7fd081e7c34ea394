import type { Seat } from "@/types/api";

/**
 * The empty columns drawn before each row narrower than its grid, so that rows sit about the
 * middle as a hall's rows sit about the stage's centre line, instead of lining up on the left.
 * Layout columns (and so which seats are together) are unchanged; this is only where they are drawn.
 */
export function rowOffsets(seats: readonly Seat[], columns: number): Map<string, number> {
  const widest = new Map<string, number>();
  for (const s of seats) widest.set(s.row, Math.max(widest.get(s.row) ?? 0, s.column));
  return new Map([...widest].map(([row, width]) => [row, Math.max(0, Math.floor((columns - width) / 2))]));
}

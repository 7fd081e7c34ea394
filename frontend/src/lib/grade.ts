// Seat grades, which the show's details and its seat map both show: their order and colours,
// and the price each grade starts from. The colours are white-on-700 backgrounds, each at least
// 4.5:1 (WCAG AA): rose-700 6.0:1, emerald-700 5.4:1, sky-700 5.9:1, amber-700 5.0:1.
import type { Seat, SeatGrade } from "@/types/api";

/** Grades best first, as Korean musicals sell them. */
export const gradeOrder: SeatGrade[] = ["VIP", "R", "S", "A"];

export const gradeStyle: Record<SeatGrade | "none", string> = {
  VIP: "bg-rose-700 text-white hover:bg-rose-800",
  R: "bg-emerald-700 text-white hover:bg-emerald-800",
  S: "bg-sky-700 text-white hover:bg-sky-800",
  A: "bg-amber-700 text-white hover:bg-amber-800",
  none: "bg-emerald-700 text-white hover:bg-emerald-800",
};

/** Each grade of the hall with its lowest price, best grade first. */
export function gradePrices(seats: Seat[]): { grade: SeatGrade; price: number }[] {
  const low = new Map<SeatGrade, number>();
  for (const s of seats) {
    if (!s.grade) continue;
    low.set(s.grade, Math.min(low.get(s.grade) ?? Infinity, s.price));
  }
  return gradeOrder.filter((g) => low.has(g)).map((grade) => ({ grade, price: low.get(grade)! }));
}

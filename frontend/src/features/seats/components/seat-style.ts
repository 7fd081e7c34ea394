// How a seat looks in each state (an available seat in its grade's colour, lib/grade). Every pair of text and
// background here meets WCAG AA (4.5:1) against white marks: emerald-700 5.4:1, sky-700 5.9:1,
// rose-700 6.0:1, amber-700 5.0:1, purple-700 7.1:1, slate-500 4.8:1; the held seat is dark text
// on light grey (9.5:1). Each state also has its own mark (number, check, cross, clock), so
// colour is never the only signal.
import { gradeStyle } from "@/lib/grade";
import type { Seat, SeatGrade } from "@/types/api";

/** What a seat looks like to me: my own selection wins over the "held" everybody else sees. */
export type SeatView = "available" | "selected" | "held" | "reserved";

export function seatView(seat: Seat, selected: ReadonlySet<string>): SeatView {
  if (seat.status === "reserved") return "reserved";
  if (selected.has(seat.name)) return "selected";
  return seat.status;
}

export function viewStyle(view: SeatView, grade: SeatGrade | undefined): string {
  switch (view) {
    case "available":
      return gradeStyle[grade ?? "none"];
    case "selected":
      return "bg-purple-700 text-white ring-2 ring-purple-300 ring-offset-1";
    case "held":
      return "border border-dashed border-slate-500 bg-slate-100 text-slate-700";
    case "reserved":
      return "bg-slate-500 text-white";
  }
}

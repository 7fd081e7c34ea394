import type { SeatView } from "./seat-style";

/** The mark inside a seat, so that its state never rests on colour alone. */
export function SeatMark({ view, number }: { view: SeatView; number: string }) {
  switch (view) {
    case "selected":
      return (
        <svg viewBox="0 0 16 16" className="h-3/5 w-3/5" aria-hidden="true">
          <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      );
    case "reserved":
      return (
        <svg viewBox="0 0 16 16" className="h-1/2 w-1/2" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        </svg>
      );
    case "held":
      return (
        <svg viewBox="0 0 16 16" className="h-3/5 w-3/5" aria-hidden="true">
          <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M8 5v3.2l2 1.3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      );
    default:
      return <span aria-hidden="true">{number}</span>;
  }
}

import { useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import type { Seat, SeatMap as SeatMapData } from "@/lib/api";
import { formatPrice } from "@/lib/format";

/** What a seat looks like to me: my own selection wins over the "held" everybody else sees. */
export type SeatView = "available" | "selected" | "held" | "reserved";

export function seatView(seat: Seat, selected: ReadonlySet<string>): SeatView {
  if (seat.status === "reserved") return "reserved";
  if (selected.has(seat.name)) return "selected";
  return seat.status;
}

const viewText: Record<SeatView, string> = {
  available: "available",
  selected: "selected by you",
  held: "held by someone else",
  reserved: "reserved",
};

const viewStyle: Record<SeatView, string> = {
  available: "bg-emerald-500 text-white hover:bg-emerald-600",
  selected: "bg-purple-600 text-white ring-2 ring-purple-300 ring-offset-1",
  held: "border border-dashed border-slate-400 bg-slate-200 text-slate-500",
  reserved: "bg-slate-400 text-white",
};

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

export type SeatMapProps = {
  map: SeatMapData;
  selected: ReadonlySet<string>;
  onToggle: (seat: Seat) => void;
  label: string;
};

/**
 * The hall as a grid of seat buttons under the screen. Arrow keys move between seats (Tab enters
 * and leaves the grid once), Enter or Space selects, and each seat names its row, number, state
 * and price.
 */
export function SeatMap({ map, selected, onToggle, label }: SeatMapProps) {
  const rows = useMemo(
    () =>
      map.rows.map((row) => ({
        row,
        seats: map.seats.filter((s) => s.row === row).sort((a, b) => a.column - b.column),
      })),
    [map],
  );
  const [focus, setFocus] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const current = focus && map.seats.some((s) => s.name === focus) ? focus : (rows.find((r) => r.seats.length)?.seats[0]?.name ?? null);

  function moveTo(name: string | undefined) {
    if (!name) return;
    setFocus(name);
    buttons.current.get(name)?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, seat: Seat) {
    const r = rows.findIndex((x) => x.row === seat.row);
    const inRow = rows[r].seats;
    const i = inRow.findIndex((s) => s.name === seat.name);
    const nearest = (target: (typeof rows)[number] | undefined) =>
      target?.seats.reduce<Seat | undefined>(
        (best, s) => (!best || Math.abs(s.column - seat.column) < Math.abs(best.column - seat.column) ? s : best),
        undefined,
      )?.name;
    let next: string | undefined;
    switch (e.key) {
      case "ArrowRight":
        next = inRow[i + 1]?.name;
        break;
      case "ArrowLeft":
        next = inRow[i - 1]?.name;
        break;
      case "ArrowDown":
        next = nearest(rows.slice(r + 1).find((x) => x.seats.length));
        break;
      case "ArrowUp":
        next = nearest(rows.slice(0, r).reverse().find((x) => x.seats.length));
        break;
      case "Home":
        next = inRow[0]?.name;
        break;
      case "End":
        next = inRow[inRow.length - 1]?.name;
        break;
      default:
        return;
    }
    e.preventDefault();
    moveTo(next);
  }

  const template: CSSProperties = {
    gridTemplateColumns: `var(--label) repeat(${map.columns}, var(--seat)) var(--label)`,
  };

  return (
    <div
      className="overflow-x-auto pb-2"
      style={
        {
          // Fits a phone's width when it can (16px seats at 390px for the default hall), grows to
          // 2.1rem on wide screens and scrolls sideways for halls too wide for either.
          "--seat": `clamp(1rem, calc((100vw - 6rem) / ${map.columns} - 3px), 2.1rem)`,
          "--label": "1rem",
        } as CSSProperties
      }
    >
      <div className="mx-auto w-max">
        <div className="mx-auto mb-6 w-4/5 rounded-b-[2rem] border-t-4 border-slate-500 bg-gradient-to-b from-slate-300 to-slate-100 py-1 text-center text-xs font-bold tracking-[0.5em] text-slate-600">
          SCREEN
        </div>
        <div role="grid" aria-label={label} className="flex flex-col gap-1 sm:gap-1.5">
          {rows.map(({ row, seats }) => {
            const byColumn = new Map(seats.map((s) => [s.column, s]));
            return (
              <div role="row" key={row} className="grid items-center gap-0.5 sm:gap-1" style={template}>
                <div role="rowheader" aria-label={`Row ${row}`} className="text-center text-xs font-semibold text-slate-500">
                  {row}
                </div>
                {Array.from({ length: map.columns }, (_, c) => {
                  const seat = byColumn.get(c + 1);
                  if (!seat) return <div key={c} aria-hidden="true" />;
                  const view = seatView(seat, selected);
                  const number = seat.name.slice(seat.row.length);
                  return (
                    <div role="gridcell" key={c}>
                      <button
                        type="button"
                        ref={(el) => {
                          if (el) buttons.current.set(seat.name, el);
                          else buttons.current.delete(seat.name);
                        }}
                        tabIndex={seat.name === current ? 0 : -1}
                        aria-label={`${seat.name}, ${viewText[view]}, ${formatPrice(seat.price)}`}
                        aria-pressed={view === "selected"}
                        data-seat={seat.name}
                        data-status={view}
                        onFocus={() => setFocus(seat.name)}
                        onKeyDown={(e) => onKeyDown(e, seat)}
                        onClick={() => onToggle(seat)}
                        className={`flex aspect-square w-full items-center justify-center rounded-md text-[10px] font-semibold leading-none transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900 sm:text-xs ${viewStyle[view]}`}
                      >
                        <SeatMark view={view} number={number} />
                      </button>
                    </div>
                  );
                })}
                <div aria-hidden="true" className="text-center text-xs font-semibold text-slate-500">
                  {row}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

export function SeatLegend() {
  const items: { view: SeatView; label: string }[] = [
    { view: "available", label: "Available" },
    { view: "selected", label: "Selected" },
    { view: "held", label: "Held by others" },
    { view: "reserved", label: "Reserved" },
  ];
  return (
    <ul className="flex flex-wrap justify-center gap-x-4 gap-y-2 text-sm text-slate-600" aria-label="Seat legend">
      {items.map(({ view, label }) => (
        <li key={view} className="flex items-center gap-1.5">
          <span className={`flex h-5 w-5 items-center justify-center rounded text-[10px] ${viewStyle[view]}`}>
            <SeatMark view={view} number="" />
          </span>
          {label}
        </li>
      ))}
    </ul>
  );
}

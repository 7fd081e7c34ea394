import { memo, useCallback, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Seat } from "@/types/api";
import { formatPrice } from "@/lib/format";
import { seatLabel } from "@/lib/seat-name";
import { rowOffsets } from "./row-offset";
import { SeatMark } from "./seat-mark";
import { seatView, viewStyle, type SeatView } from "./seat-style";

export type SeatGridProps = {
  /** Row labels, front first. */
  rows: string[];
  /** Width of the grid, aisles included. */
  columns: number;
  seats: Seat[];
  selected: ReadonlySet<string>;
  onToggle: (seat: Seat) => void;
  label: string;
  /** What stands in front of the first row: the stage, or a note of where it is. */
  front: ReactNode;
};

const zoomSteps = [1, 1.5, 2] as const;

/** A row as drawn: its seats, and each by the grid column it is drawn in (offset to centre the row). */
type Row = { row: string; seats: Seat[]; offset: number; byColumn: Map<number, Seat> };

/**
 * Rows of seat buttons: a small hall, or one section of a big one. Arrow keys move between seats (Tab enters
 * and leaves the grid once), Enter or Space selects, and each seat names its row, number, grade,
 * state and price. Seats are never smaller than 24 px (WCAG 2.5.8); a hall too wide for the
 * screen pans sideways with the row letters kept in view, and can be zoomed.
 */
export function SeatGrid({ rows: rowLabels, columns, seats: allSeats, selected, onToggle, label, front }: SeatGridProps) {
  const { t } = useTranslation();
  const rows = useMemo<Row[]>(() => {
    const byRow = new Map<string, Seat[]>();
    for (const s of allSeats) {
      const list = byRow.get(s.row);
      if (list) list.push(s);
      else byRow.set(s.row, [s]);
    }
    const offsets = rowOffsets(allSeats, columns);
    return rowLabels.map((row) => {
      const seats = (byRow.get(row) ?? []).sort((a, b) => a.column - b.column);
      const offset = offsets.get(row) ?? 0;
      return { row, seats, offset, byColumn: new Map(seats.map((s) => [s.column + offset, s])) };
    });
  }, [rowLabels, allSeats, columns]);
  const [zoom, setZoom] = useState<(typeof zoomSteps)[number]>(1);
  const [focus, setFocus] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const known = useMemo(() => new Set(allSeats.map((s) => s.name)), [allSeats]);
  const current = focus && known.has(focus) ? focus : (rows.find((r) => r.seats.length)?.seats[0]?.name ?? null);

  // Stable callbacks, so that a change to one seat redraws that seat only (3,000-seat halls).
  const latest = useRef({ rows, onToggle });
  latest.current = { rows, onToggle };
  const toggle = useCallback((seat: Seat) => latest.current.onToggle(seat), []);
  const register = useCallback((name: string, el: HTMLButtonElement | null) => {
    if (el) buttons.current.set(name, el);
    else buttons.current.delete(name);
  }, []);
  const onKeyDown = useCallback((e: KeyboardEvent<HTMLButtonElement>, seat: Seat) => {
    const all = latest.current.rows;
    const r = all.findIndex((x) => x.row === seat.row);
    const inRow = all[r].seats;
    const i = inRow.findIndex((s) => s.name === seat.name);
    // Up and down go to the seat drawn nearest above or below, as the eye sees the rows.
    const at = seat.column + all[r].offset;
    const nearest = (target: Row | undefined) =>
      target?.seats.reduce<Seat | undefined>(
        (best, s) => (!best || Math.abs(s.column + target.offset - at) < Math.abs(best.column + target.offset - at) ? s : best),
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
        next = nearest(all.slice(r + 1).find((x) => x.seats.length));
        break;
      case "ArrowUp":
        next = nearest(all.slice(0, r).reverse().find((x) => x.seats.length));
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
    if (!next) return;
    setFocus(next);
    buttons.current.get(next)?.focus();
  }, []);

  const viewText: Record<SeatView, string> = {
    available: t("seat.available"),
    selected: t("seat.selected"),
    held: t("seat.held"),
    reserved: t("seat.reserved"),
  };
  const template: CSSProperties = { gridTemplateColumns: `var(--label) repeat(${columns}, var(--seat))` };
  const zoomIndex = zoomSteps.indexOf(zoom);
  const zoomButton =
    "min-h-9 min-w-9 rounded-lg border border-slate-300 bg-white px-2 text-sm font-semibold text-slate-700 hover:bg-slate-100 disabled:opacity-40";

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-end gap-1" role="group" aria-label={t("seat.zoom")}>
        <button type="button" className={zoomButton} aria-label={t("seat.zoomOut")} disabled={zoomIndex === 0} onClick={() => setZoom(zoomSteps[zoomIndex - 1])}>
          −
        </button>
        <button type="button" className={zoomButton} aria-label={t("seat.zoomIn")} disabled={zoomIndex === zoomSteps.length - 1} onClick={() => setZoom(zoomSteps[zoomIndex + 1])}>
          +
        </button>
        <button type="button" className={zoomButton} disabled={zoom === 1} onClick={() => setZoom(1)}>
          {t("seat.zoomReset")}
        </button>
      </div>
      <div
        className="overflow-auto overscroll-contain pb-2 [container-type:inline-size]"
        data-testid="seat-map-viewport"
        style={
          {
            // Fits the default hall across a phone (24 px seats at 390 px), grows to 2.1rem on wide
            // screens, and zooms; never under 24 px, so wide halls pan instead.
            "--seat": `calc(max(24px, min(2.1rem, calc((100cqw - 1.25rem) / ${columns} - 4px))) * ${zoom})`,
            "--label": "1.25rem",
          } as CSSProperties
        }
      >
        <div className="mx-auto w-max">
          {front}
          <div role="grid" aria-label={label} className="flex flex-col gap-0.5 sm:gap-1">
            {rows.map(({ row, byColumn }) => (
              <div role="row" key={row} className="grid items-center gap-0.5 sm:gap-1" style={template}>
                <div role="rowheader" aria-label={t("seat.rowHeader", { row })} className="sticky left-0 z-10 bg-white text-center text-xs font-semibold text-slate-600">
                  {row}
                </div>
                {Array.from({ length: columns }, (_, c) => {
                  const seat = byColumn.get(c + 1);
                  if (!seat) return <div key={c} aria-hidden="true" />;
                  const view = seatView(seat, selected);
                  const parts = [seatLabel(seat.name), seat.grade ? t("seat.gradeSeat", { grade: seat.grade }) : null, viewText[view], formatPrice(seat.price)];
                  return (
                    <SeatButton
                      key={c}
                      seat={seat}
                      view={view}
                      tabbable={seat.name === current}
                      label={parts.filter(Boolean).join(", ")}
                      onToggle={toggle}
                      onKeyDown={onKeyDown}
                      onFocusSeat={setFocus}
                      register={register}
                    />
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

type SeatButtonProps = {
  seat: Seat;
  view: SeatView;
  tabbable: boolean;
  label: string;
  onToggle: (seat: Seat) => void;
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>, seat: Seat) => void;
  onFocusSeat: (name: string) => void;
  register: (name: string, el: HTMLButtonElement | null) => void;
};

const SeatButton = memo(function SeatButton({ seat, view, tabbable, label, onToggle, onKeyDown, onFocusSeat, register }: SeatButtonProps) {
  return (
    <div role="gridcell">
      <button
        type="button"
        ref={(el) => register(seat.name, el)}
        tabIndex={tabbable ? 0 : -1}
        aria-label={label}
        aria-pressed={view === "selected"}
        data-seat={seat.name}
        data-status={view}
        data-grade={seat.grade}
        onFocus={() => onFocusSeat(seat.name)}
        onKeyDown={(e) => onKeyDown(e, seat)}
        onClick={() => onToggle(seat)}
        className={`flex aspect-square w-full items-center justify-center rounded-md text-[11px] font-semibold leading-none transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900 sm:text-xs ${viewStyle(view, seat.grade)}`}
      >
        <SeatMark view={view} number={String(seat.number)} />
      </button>
    </div>
  );
});

import type { Seat, SeatMap as SeatMapData } from "@/types/api";
import { HallMap } from "./hall-map";
import { SeatGrid } from "./seat-grid";
import { Stage } from "./stage";

export { seatView, type SeatView } from "./seat-style";
export { SeatLegend } from "./seat-legend";

export type SeatMapProps = {
  map: SeatMapData;
  selected: ReadonlySet<string>;
  onToggle: (seat: Seat) => void;
  label: string;
};

/**
 * A show's hall with the state of every seat: a small hall as one grid under the stage; a big
 * hall (one with sections) as an overview of its floors and sections, zoomed into one section.
 */
export function SeatMap({ map, selected, onToggle, label }: SeatMapProps) {
  if (map.sections?.length) return <HallMap sections={map.sections} seats={map.seats} selected={selected} onToggle={onToggle} label={label} />;
  return <SeatGrid rows={map.rows} columns={map.columns} seats={map.seats} selected={selected} onToggle={onToggle} label={label} front={<Stage />} />;
}

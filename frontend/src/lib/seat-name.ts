// A seat's name says where it is: "A12" in a small hall (row A, seat 12), "1F-B-7-12" in a big one
// (floor 1, section B, row 7, seat 12). The service makes and checks the names (app/seatname.go);
// here they are only read back, to say them as a box office would ("1층 B구역 7열 12번").
import i18n from "@/lib/i18n";

export type SeatNameParts = { floor: number; section: string; row: string; number: number };

const sectioned = /^([1-9])F-([A-Z0-9]{1,3})-([A-Z]{1,2}|[1-9][0-9]?)-([1-9][0-9]?)$/;

/** The floor, section, row and number of a big hall's seat; null for a small hall's "A12". */
export function parseSeatName(name: string): SeatNameParts | null {
  const m = sectioned.exec(name);
  return m ? { floor: Number(m[1]), section: m[2], row: m[3], number: Number(m[4]) } : null;
}

/** The section a seat of a big hall is in ("1F-B"), or null. */
export function sectionOf(name: string): string | null {
  const p = parseSeatName(name);
  return p ? `${p.floor}F-${p.section}` : null;
}

/** A seat as people say it, in the current language: "1층 B구역 7열 12번", or "A12" as it is. */
export function seatLabel(name: string): string {
  const p = parseSeatName(name);
  return p ? i18n.t("seat.fullName", p) : name;
}

/** Several seats, as people say them: "1층 B구역 7열 11번, 1층 B구역 7열 12번". */
export function seatLabels(names: readonly string[]): string {
  return names.map(seatLabel).join(", ");
}

/** A section as people say it: "1층 B구역". */
export function sectionLabel(floor: number, name: string): string {
  return i18n.t("hall.section", { floor, name });
}

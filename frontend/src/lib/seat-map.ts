import type { SeatMap, SeatStatus } from "@/types/api";

/**
 * The seat map with the named seats set to `status`; the same object when nothing changes, so
 * a cache update that changes nothing re-renders nothing.
 */
export function setSeatStatus(map: SeatMap, seats: string[], status: SeatStatus): SeatMap {
  const names = new Set(seats);
  if (!map.seats.some((s) => names.has(s.name) && s.status !== status)) return map;
  return { ...map, seats: map.seats.map((s) => (names.has(s.name) && s.status !== status ? { ...s, status } : s)) };
}

import type { SeatMap, Show } from "@/lib/api";

export function aShow(overrides: Partial<Show> = {}): Show {
  return {
    id: 7,
    title: "Les Misérables",
    posterUrl: "/api/shows/7/poster.svg",
    description: "At the end of the day",
    date: "2030-12-01",
    startTime: "19:00",
    endTime: "21:30",
    venue: "Blue Square",
    price: 120000,
    totalSeats: 140,
    reservedSeats: 12,
    seatsLeft: 128,
    soldOut: false,
    createdAt: "2026-11-01T10:00:00Z",
    ...overrides,
  };
}

/** Rows A and B of four seats with an aisle after seat 2 (so five grid columns). */
export function aSeatMap(status: Record<string, "held" | "reserved"> = {}): SeatMap {
  const seats = ["A", "B"].flatMap((row) =>
    [1, 2, 3, 4].map((n) => ({
      name: `${row}${n}`,
      row,
      column: n <= 2 ? n : n + 1,
      price: row === "A" ? 150000 : 120000,
      status: status[`${row}${n}`] ?? ("available" as const),
    })),
  );
  return { showId: 7, rows: ["A", "B"], columns: 5, seats };
}

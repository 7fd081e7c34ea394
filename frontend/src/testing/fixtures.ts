import type { SeatMap, Show } from "@/types/api";

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
      number: n,
      column: n <= 2 ? n : n + 1,
      price: row === "A" ? 150000 : 120000,
      status: status[`${row}${n}`] ?? ("available" as const),
    })),
  );
  return { showId: 7, rows: ["A", "B"], columns: 5, seats };
}

/**
 * A big hall in miniature: floor 1 has sections A (rows 1–2 of 3 seats, R) and B (rows 1–2 of 4,
 * VIP); floor 2 has section A (one row of 5, S). Seats are named 1F-A-1-1 and so on.
 */
export function aHallOfSections(status: Record<string, "held" | "reserved"> = {}): SeatMap {
  const sections = [
    { id: "1F-A", floor: 1, name: "A", rows: ["1", "2"], columns: 3, grade: "R" as const, price: 140000 },
    { id: "1F-B", floor: 1, name: "B", rows: ["1", "2"], columns: 4, grade: "VIP" as const, price: 170000 },
    { id: "2F-A", floor: 2, name: "A", rows: ["1"], columns: 5, grade: "S" as const, price: 110000 },
  ];
  const seats = sections.flatMap((sec) =>
    sec.rows.flatMap((row) =>
      Array.from({ length: sec.columns }, (_, i) => {
        const name = `${sec.id}-${row}-${i + 1}`;
        return { name, section: sec.id, row, number: i + 1, column: i + 1, grade: sec.grade, price: sec.price, status: status[name] ?? ("available" as const) };
      }),
    ),
  );
  return { showId: 8, rows: [], columns: 0, sections: sections.map(({ id, floor, name, rows, columns }) => ({ id, floor, name, rows, columns })), seats };
}

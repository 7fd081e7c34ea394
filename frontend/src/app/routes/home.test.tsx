import { QueryClient } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import type { Reservation } from "@/types/api";
import { queryKeys } from "@/lib/query-keys";
import { aShow } from "@/testing/fixtures";
import { AppProvider } from "../provider";
import { HomePage } from "./home";

function booking(showId: number, id: number): Reservation {
  const s = aShow({ id: showId });
  return { id, showId, show: s, seats: ["A1"], total: 120000, status: "active", createdAt: "2030-11-01T00:00:00Z" };
}

describe("HomePage", () => {
  it("offers 예매 취소 for a show I booked in every shelf, though the shared feeds carry no per-user field", () => {
    const mine = aShow({ id: 1, title: "Mine", soldOut: true, seatsLeft: 0 });
    const other = aShow({ id: 2, title: "Other" });
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    client.setQueryData(queryKeys.me, { id: 9, name: "김철수", role: "user" });
    // The popular and newest feeds come from a shared cache: no myReservationId at all.
    client.setQueryData(queryKeys.popularShows, { items: [mine, other] });
    client.setQueryData(queryKeys.newestShows, { items: [other, mine] });
    client.setQueryData(queryKeys.showList({ sort: "popular", page: 1, pageSize: 10, mine: false }), {
      items: [{ ...mine, myReservationId: 5 }, other],
      page: 1,
      pageSize: 10,
      total: 2,
    });
    client.setQueryData(queryKeys.myReservations, { items: [booking(1, 5)] });

    render(
      <AppProvider queryClient={client}>
        <MemoryRouter>
          <HomePage />
        </MemoryRouter>
      </AppProvider>,
    );

    for (const name of ["지금 인기", "새로 열린 공연", "전체 공연"]) {
      const shelf = screen.getByRole("region", { name });
      expect(within(shelf).getByRole("button", { name: "Mine 예매 취소" })).toBeEnabled();
      expect(within(shelf).queryByRole("button", { name: "매진" })).toBeNull();
      expect(within(shelf).getByRole("link", { name: "Other 예매하기" })).toBeInTheDocument();
    }
  });

  it("holds the cards' place with skeletons while the lists load", () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    client.setQueryData(queryKeys.me, null);
    render(
      <AppProvider queryClient={client}>
        <MemoryRouter>
          <HomePage />
        </MemoryRouter>
      </AppProvider>,
    );
    expect(screen.getAllByRole("status", { name: "공연을 불러오는 중…" })).toHaveLength(3);
  });
});

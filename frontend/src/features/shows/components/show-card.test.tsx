import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import type { Show } from "@/types/api";
import i18n from "@/lib/i18n";
import { aShow } from "@/testing/fixtures";
import { cardAction, ShowCard } from "./show-card";

function renderCard(show: Show, signedIn: boolean) {
  const onCancel = vi.fn();
  render(
    <MemoryRouter>
      <ShowCard show={show} signedIn={signedIn} onCancel={onCancel} />
    </MemoryRouter>,
  );
  return onCancel;
}

describe("ShowCard", () => {
  it("shows the poster, title, date, time, venue, seats left and the lowest price, in Korean", () => {
    renderCard(aShow({ minPrice: 80000 }), false);
    expect(screen.getByRole("heading", { name: "Les Misérables" })).toBeInTheDocument();
    expect(screen.getByText("2030.12.01 (일)")).toBeInTheDocument();
    expect(screen.getByText("19:00 – 21:30")).toBeInTheDocument();
    expect(screen.getByText("Blue Square")).toBeInTheDocument();
    expect(screen.getByText("잔여 128석")).toBeInTheDocument();
    expect(screen.getByText("80,000원부터")).toBeInTheDocument();
    expect(document.querySelector("img")).toHaveAttribute("src", "/api/shows/7/poster.svg");
  });

  it("says the same in English after a switch", async () => {
    renderCard(aShow({ seatsLeft: 1 }), true);
    await act(() => i18n.changeLanguage("en"));
    expect(screen.getByText("Sun, Dec 1, 2030")).toBeInTheDocument();
    expect(screen.getByText("7:00 PM – 9:30 PM")).toBeInTheDocument();
    expect(screen.getByText("1 seat left")).toBeInTheDocument();
    expect(screen.getByText("from ₩120,000")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Reserve Les Misérables" })).toHaveTextContent("Reserve");
  });

  it("counts seats left, never seats taken (the old card read 12/140 as if 12 were left)", () => {
    renderCard(aShow({ reservedSeats: 12, seatsLeft: 128, totalSeats: 140 }), false);
    expect(screen.queryByText(/12\/140/)).toBeNull();
    expect(screen.getByTestId("availability")).toHaveTextContent("잔여 128석");
  });

  it("has no booking buttons for someone not logged in, whatever the show's state", () => {
    for (const show of [aShow(), aShow({ soldOut: true, seatsLeft: 0 }), aShow({ myReservationId: 3 })]) {
      renderCard(show, false);
    }
    expect(screen.queryByRole("link", { name: /예매하기/ })).toBeNull();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("offers 예매하기, leading to the seat map, while seats are left", () => {
    renderCard(aShow(), true);
    expect(screen.getByRole("link", { name: "Les Misérables 예매하기" })).toHaveAttribute("href", "/shows/7");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows a disabled 매진 when no seats are left", () => {
    renderCard(aShow({ soldOut: true, seatsLeft: 0, reservedSeats: 140 }), true);
    expect(screen.getByRole("button", { name: "매진" })).toBeDisabled();
    expect(screen.queryByRole("link", { name: /예매하기/ })).toBeNull();
  });

  it("shows a disabled 공연 종료, and no Reserve, for a show that has started", () => {
    renderCard(aShow({ date: "2020-01-01" }), true);
    expect(screen.getByRole("button", { name: "공연 종료" })).toBeDisabled();
    expect(screen.queryByRole("link", { name: /예매하기/ })).toBeNull();
    expect(cardAction(aShow({ date: "2030-12-01", startTime: "19:00" }), true, new Date("2030-12-01T10:00:00Z"))).toBe("ended");
    expect(cardAction(aShow({ date: "2030-12-01", startTime: "19:00" }), true, new Date("2030-12-01T09:59:00Z"))).toBe("reserve");
  });

  it("offers 예매 취소 for a show I booked, even when it is sold out", async () => {
    const onCancel = renderCard(aShow({ myReservationId: 42, soldOut: true, seatsLeft: 0 }), true);
    expect(screen.queryByRole("button", { name: "매진" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: /예매 취소/ }));
    expect(onCancel).toHaveBeenCalledWith(expect.objectContaining({ id: 7, myReservationId: 42 }));
  });
});

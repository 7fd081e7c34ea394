import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import type { Show } from "@/lib/api";
import { aShow } from "@/testing/fixtures";
import { ShowCard } from "./show-card";

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
  it("shows the poster, title, date, time, venue, seats and price in won", () => {
    renderCard(aShow(), false);
    expect(screen.getByRole("heading", { name: "Les Misérables" })).toBeInTheDocument();
    expect(screen.getByText("2026.12.01 (Tue)")).toBeInTheDocument();
    expect(screen.getByText("19:00 – 21:30")).toBeInTheDocument();
    expect(screen.getByText("Blue Square")).toBeInTheDocument();
    expect(screen.getByText("12/140 seats")).toBeInTheDocument();
    expect(screen.getByText("120,000원")).toBeInTheDocument();
    expect(document.querySelector("img")).toHaveAttribute("src", "/api/shows/7/poster.svg");
  });

  it("has no booking buttons for someone not logged in, whatever the show's state", () => {
    for (const show of [aShow(), aShow({ soldOut: true, seatsLeft: 0 }), aShow({ myReservationId: 3 })]) {
      renderCard(show, false);
    }
    expect(screen.queryByRole("link", { name: /Reserve/ })).toBeNull();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("offers Reserve, leading to the seat map, while seats are left", () => {
    renderCard(aShow(), true);
    expect(screen.getByRole("link", { name: "Reserve Les Misérables" })).toHaveAttribute("href", "/shows/7");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows a disabled Sold Out when no seats are left", () => {
    renderCard(aShow({ soldOut: true, seatsLeft: 0, reservedSeats: 140 }), true);
    expect(screen.getByRole("button", { name: "Sold Out" })).toBeDisabled();
    expect(screen.queryByRole("link", { name: /Reserve/ })).toBeNull();
    expect(screen.getByText("140/140 seats")).toBeInTheDocument();
  });

  it("offers Cancel Reservation for a show I booked, even when it is sold out", async () => {
    const onCancel = renderCard(aShow({ myReservationId: 42, soldOut: true, seatsLeft: 0 }), true);
    expect(screen.queryByRole("button", { name: "Sold Out" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: /Cancel Reservation/ }));
    expect(onCancel).toHaveBeenCalledWith(expect.objectContaining({ id: 7, myReservationId: 42 }));
  });
});

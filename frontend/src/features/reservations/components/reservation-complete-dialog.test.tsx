import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { AppProvider } from "@/app/provider";
import { aShow } from "@/testing/fixtures";
import { ReservationCompleteDialog } from "./reservation-complete-dialog";

describe("ReservationCompleteDialog", () => {
  it("gives the booking reference with the show, seats and total", () => {
    render(
      <AppProvider>
        <MemoryRouter>
          <ReservationCompleteDialog
            reservation={{ id: 42, showId: 7, show: aShow(), seats: ["A1", "A2"], total: 300000, status: "active", createdAt: "2030-11-01T00:00:00Z" }}
            onClose={vi.fn()}
          />
        </MemoryRouter>
      </AppProvider>,
    );
    const dialog = screen.getByRole("dialog", { name: "예매 완료" });
    expect(screen.getByTestId("booking-reference")).toHaveTextContent("PODO-000042");
    expect(dialog).toHaveTextContent("좌석 A1, A2");
    expect(dialog).toHaveTextContent("300,000원");
  });
});

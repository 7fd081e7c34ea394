import { act, render, screen } from "@testing-library/react";
import { useEffect } from "react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { AppProvider } from "@/app/provider";
import { useToast } from "@/components/ui/toaster";
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

  it("clears earlier messages, such as a refused fifth seat, that would sit on top of the good news", () => {
    let say: (m: string) => void = () => {};
    function Refusal() {
      const notify = useToast();
      useEffect(() => {
        say = (m) => notify("error", m);
      }, [notify]);
      return null;
    }
    const reservation = { id: 42, showId: 7, show: aShow(), seats: ["1F-B-1-10"], total: 180000, status: "active" as const, createdAt: "2030-11-01T00:00:00Z" };
    const view = (r: typeof reservation | null) => (
      <AppProvider>
        <MemoryRouter>
          <Refusal />
          <ReservationCompleteDialog reservation={r} onClose={vi.fn()} />
        </MemoryRouter>
      </AppProvider>
    );
    const { rerender } = render(view(null));
    act(() => say("한 번에 최대 4석까지 고를 수 있습니다."));
    expect(screen.getByRole("alert")).toHaveTextContent("최대 4석");
    rerender(view(reservation));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("dialog", { name: "예매 완료" })).toHaveTextContent("좌석 1층 B구역 1열 10번");
  });
});

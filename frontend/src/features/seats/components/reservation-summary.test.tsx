import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { aHallOfSections, aSeatMap } from "@/testing/fixtures";
import { CheckoutBar, ReservationSummary } from "./reservation-summary";

const seats = aSeatMap().seats.slice(0, 2).map((s) => ({ ...s, grade: "VIP" as const }));

describe("ReservationSummary", () => {
  it("lists my seats with grade and price, totals them, and reserves", async () => {
    const onReserve = vi.fn();
    render(<ReservationSummary seats={seats} expiresAt={null} saving={false} onRemove={vi.fn()} onReserve={onReserve} onExpire={vi.fn()} />);
    const list = screen.getByRole("list", { name: "선택한 좌석" });
    expect(list).toHaveTextContent("A1VIP석150,000원");
    expect(screen.getByTestId("summary-total")).toHaveTextContent("300,000원");
    await userEvent.click(screen.getByRole("button", { name: "2석 예매하기" }));
    expect(onReserve).toHaveBeenCalledOnce();
  });
});

describe("CheckoutBar", () => {
  it("stays fixed at the bottom with the count, the total and Reserve once seats are picked", async () => {
    const onReserve = vi.fn();
    const { rerender } = render(<CheckoutBar seats={[]} expiresAt={null} saving={false} onReserve={onReserve} />);
    expect(screen.queryByTestId("checkout-bar")).toBeNull();

    rerender(<CheckoutBar seats={seats} expiresAt={null} saving={false} onReserve={onReserve} />);
    const bar = screen.getByTestId("checkout-bar");
    expect(bar.className).toMatch(/\bfixed\b/);
    expect(bar.className).toMatch(/\bbottom-0\b/);
    expect(bar).toHaveTextContent("2석 · 300,000원");
    await userEvent.click(screen.getByRole("button", { name: "2석 예매하기" }));
    expect(onReserve).toHaveBeenCalledOnce();
  });
});

describe("ReservationSummary in a big hall", () => {
  it("names each seat by floor, section, row and number", () => {
    const seat = aHallOfSections().seats.find((s) => s.name === "1F-B-2-3")!;
    render(<ReservationSummary seats={[seat]} expiresAt={null} saving={false} onRemove={vi.fn()} onReserve={vi.fn()} onExpire={vi.fn()} />);
    expect(screen.getByRole("list", { name: "선택한 좌석" })).toHaveTextContent("1층 B구역 2열 3번VIP석170,000원");
    expect(screen.getByRole("button", { name: "1층 B구역 2열 3번 좌석 빼기" })).toBeInTheDocument();
  });
});

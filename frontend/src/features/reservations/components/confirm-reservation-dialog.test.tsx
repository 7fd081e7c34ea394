import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { aShow } from "@/testing/fixtures";
import { ConfirmReservationDialog } from "./confirm-reservation-dialog";

function Harness({ onConfirm, error, busy = false }: { onConfirm: () => void; error?: string; busy?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        2석 예매하기
      </button>
      <ConfirmReservationDialog
        open={open}
        show={aShow()}
        seats={["A1", "A2"]}
        total={300000}
        busy={busy}
        error={error}
        onConfirm={onConfirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

describe("ConfirmReservationDialog", () => {
  it("shows the show, date and time, seats and total, and books on Yes", async () => {
    const onConfirm = vi.fn();
    const user = userEvent.setup();
    render(<Harness onConfirm={onConfirm} />);

    await user.click(screen.getByRole("button", { name: "2석 예매하기" }));
    const dialog = screen.getByRole("dialog", { name: "예매 확인" });
    expect(dialog).toHaveTextContent("Les Misérables");
    expect(dialog).toHaveTextContent("2030.12.01 (일) · 19:00 – 21:30");
    expect(dialog).toHaveTextContent("A1, A2");
    expect(dialog).toHaveTextContent("300,000원");

    await user.click(screen.getByRole("button", { name: "예" }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });

  it("moves focus in, keeps Tab inside, closes on Esc and gives focus back", async () => {
    const user = userEvent.setup();
    render(<Harness onConfirm={vi.fn()} />);
    const opener = screen.getByRole("button", { name: "2석 예매하기" });

    await user.click(opener);
    const yes = screen.getByRole("button", { name: "예" });
    const no = screen.getByRole("button", { name: "아니요" });
    expect(yes).toHaveFocus();
    await user.tab();
    expect(no).toHaveFocus();
    await user.tab({ shift: true });
    expect(yes).toHaveFocus();
    await user.tab({ shift: true });
    expect(no).toHaveFocus();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(opener).toHaveFocus();
  });

  it("closes on No without booking", async () => {
    const onConfirm = vi.fn();
    const user = userEvent.setup();
    render(<Harness onConfirm={onConfirm} />);
    await user.click(screen.getByRole("button", { name: "2석 예매하기" }));
    await user.click(screen.getByRole("button", { name: "아니요" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("shows the server's refusal inside the dialog", async () => {
    const user = userEvent.setup();
    render(<Harness onConfirm={vi.fn()} error="Seat A2 was just reserved by someone else." />);
    await user.click(screen.getByRole("button", { name: "2석 예매하기" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Seat A2 was just reserved by someone else.");
  });

  it("cannot be closed or confirmed twice while the booking runs", async () => {
    const onConfirm = vi.fn();
    const user = userEvent.setup();
    render(<Harness onConfirm={onConfirm} busy />);
    await user.click(screen.getByRole("button", { name: "2석 예매하기" }));
    expect(screen.getByRole("button", { name: "예매하는 중…" })).toBeDisabled();
    await user.keyboard("{Escape}");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });
});

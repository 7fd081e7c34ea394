import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HoldCountdown } from "./hold-countdown";

describe("HoldCountdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-01T10:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  it("counts down each second and says once when the hold has run out", () => {
    const onExpire = vi.fn();
    render(<HoldCountdown expiresAt="2026-12-01T10:01:05Z" onExpire={onExpire} />);
    expect(screen.getByText("1:05")).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByText("1:03")).toBeInTheDocument();
    expect(onExpire).not.toHaveBeenCalled();

    act(() => vi.advanceTimersByTime(63_000));
    expect(screen.getByText("0:00")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(5000));
    expect(onExpire).toHaveBeenCalledOnce();
  });
});

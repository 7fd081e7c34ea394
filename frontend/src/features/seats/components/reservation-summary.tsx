import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import type { Seat } from "@/types/api";
import { formatPrice } from "@/lib/format";
import { seatLabel } from "@/lib/seat-name";
import { HoldCountdown } from "./hold-countdown";

export type ReservationSummaryProps = {
  seats: Seat[];
  expiresAt: string | null;
  saving: boolean;
  onRemove: (seat: Seat) => void;
  onReserve: () => void;
  onExpire: () => void;
};

export function seatsTotal(seats: Seat[]): number {
  return seats.reduce((sum, s) => sum + s.price, 0);
}

/** The side panel: my seats with their grades and prices, the total, the hold's countdown and Reserve. */
export function ReservationSummary({ seats, expiresAt, saving, onRemove, onReserve, onExpire }: ReservationSummaryProps) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="summary-title" className="space-y-4">
      <h2 id="summary-title" className="text-lg font-bold">
        {t("summary.title")}
      </h2>
      {seats.length === 0 ? (
        <p className="text-sm text-slate-600">{t("summary.none")}</p>
      ) : (
        <ul className="divide-y divide-slate-200" aria-label={t("summary.list")}>
          {seats.map((seat) => (
            <li key={seat.name} className="flex items-center justify-between gap-2 py-2">
              <span className="font-semibold break-keep">{seatLabel(seat.name)}</span>
              {seat.grade && <span className="whitespace-nowrap text-xs font-semibold text-slate-600">{t("seat.gradeSeat", { grade: seat.grade })}</span>}
              <span className="ml-auto whitespace-nowrap text-sm text-slate-700">{formatPrice(seat.price)}</span>
              <button
                type="button"
                className="min-h-6 min-w-6 rounded px-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                aria-label={t("summary.remove", { seat: seatLabel(seat.name) })}
                onClick={() => onRemove(seat)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-baseline justify-between border-t border-slate-200 pt-3">
        <span className="font-semibold">{t("summary.total")}</span>
        <span className="text-xl font-bold" data-testid="summary-total">
          {formatPrice(seatsTotal(seats))}
        </span>
      </div>
      {expiresAt && seats.length > 0 && <HoldCountdown expiresAt={expiresAt} onExpire={onExpire} />}
      <Button className="w-full" disabled={seats.length === 0 || saving} onClick={onReserve}>
        {seats.length > 0 ? t("summary.reserveN", { count: seats.length }) : t("summary.reserve")}
      </Button>
    </section>
  );
}

/**
 * The phone's checkout bar: fixed at the bottom of the screen once seats are picked, so Reserve
 * is always in reach (on a phone the side panel sits below the map, off-screen).
 */
export function CheckoutBar({ seats, expiresAt, saving, onReserve }: Pick<ReservationSummaryProps, "seats" | "expiresAt" | "saving" | "onReserve">) {
  const { t } = useTranslation();
  if (seats.length === 0) return null;
  return (
    <div
      role="region"
      aria-label={t("summary.title")}
      data-testid="checkout-bar"
      className="fixed inset-x-0 bottom-0 z-30 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-[0_-4px_12px_rgba(0,0,0,0.08)] backdrop-blur lg:hidden"
    >
      <div className="mx-auto flex max-w-6xl items-center gap-3">
        <div className="min-w-0 flex-1">
          <p className="truncate font-semibold">{t("summary.bar", { count: seats.length, price: formatPrice(seatsTotal(seats)) })}</p>
          {expiresAt && <HoldCountdown expiresAt={expiresAt} onExpire={() => undefined} compact />}
        </div>
        <Button disabled={saving} onClick={onReserve}>
          {t("summary.reserveN", { count: seats.length })}
        </Button>
      </div>
    </div>
  );
}

import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useClearToasts } from "@/components/ui/toaster";
import type { Reservation } from "@/types/api";
import { bookingReference, formatDate, formatPrice, formatTimeRange } from "@/lib/format";
import { seatLabels } from "@/lib/seat-name";

/** "예매 완료": the booking reference, what and when, the seats and the total. */
export function ReservationCompleteDialog({ reservation, onClose }: { reservation: Reservation | null; onClose: () => void }) {
  const { t } = useTranslation();
  const clearToasts = useClearToasts();
  // Earlier messages (e.g. a refused fifth seat) would sit on top of the good news.
  useEffect(() => {
    if (reservation) clearToasts();
  }, [reservation, clearToasts]);
  return (
    <Dialog
      open={reservation !== null}
      title={t("complete.title")}
      onClose={onClose}
      actions={
        <>
          <Link to="/reservations" className="rounded-lg px-4 py-2 text-sm font-semibold text-purple-800 hover:bg-purple-50">
            {t("app.myReservations")}
          </Link>
          <Button onClick={onClose} data-autofocus>
            {t("complete.ok")}
          </Button>
        </>
      }
    >
      {reservation && (
        <div className="space-y-1 text-sm">
          <p className="text-base">{t("complete.body")}</p>
          <p className="pt-2">
            {t("complete.reference")} <strong data-testid="booking-reference" className="font-mono">{bookingReference(reservation.id)}</strong>
          </p>
          <p className="pt-2 font-semibold">{reservation.show.title}</p>
          <p>
            {formatDate(reservation.show.date)} · {formatTimeRange(reservation.show.startTime, reservation.show.endTime)}
          </p>
          <p>{t("complete.seats", { seats: seatLabels(reservation.seats) })}</p>
          <p className="font-bold">{formatPrice(reservation.total)}</p>
        </div>
      )}
    </Dialog>
  );
}

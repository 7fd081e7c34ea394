import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { posterUrl } from "@/lib/api-client";
import type { Reservation } from "@/types/api";
import { bookingReference, formatDate, formatPrice, formatTimeRange } from "@/lib/format";
import { seatLabels } from "@/lib/seat-name";

export function ReservationList({ reservations, onCancel }: { reservations: Reservation[]; onCancel: (r: Reservation) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-4" aria-label={t("reservations.list")}>
      {reservations.map((r) => (
        <li key={r.id} className="flex gap-4 rounded-2xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`reservation-${r.id}`}>
          <img src={posterUrl(r.show.posterUrl)} alt="" width={80} height={112} className="h-28 w-20 flex-none rounded-lg bg-slate-100 object-cover" />
          <div className="flex min-w-0 flex-1 flex-col gap-1 sm:flex-row sm:items-center sm:gap-6">
            <div className="min-w-0 flex-1 space-y-1">
              <h2 id={`reservation-${r.id}`} className="truncate font-bold">
                <Link to={`/shows/${r.show.id}`} className="hover:text-purple-700 hover:underline">
                  {r.show.title}
                </Link>
              </h2>
              <p className="text-sm text-slate-600">
                {formatDate(r.show.date)} · {formatTimeRange(r.show.startTime, r.show.endTime)}
              </p>
              <p className="text-sm text-slate-600">{r.show.venue}</p>
              <p className="text-sm">
                {t("reservations.seats")} <span className="font-semibold">{seatLabels(r.seats)}</span>
              </p>
              <p className="text-sm text-slate-600">
                {t("reservations.reference")} <span className="font-mono font-semibold text-slate-800">{bookingReference(r.id)}</span>
              </p>
            </div>
            <div className="flex items-center justify-between gap-4 sm:flex-col sm:items-end">
              <span className="text-lg font-bold">{formatPrice(r.total)}</span>
              <Button variant="danger" onClick={() => onCancel(r)} aria-label={t("reservations.cancelAria", { title: r.show.title })}>
                {t("reservations.cancel")}
              </Button>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

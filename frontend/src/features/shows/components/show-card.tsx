import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { posterUrl } from "@/lib/api-client";
import type { Show } from "@/types/api";
import { formatDate, formatPrice, formatTimeRange, hasStarted } from "@/lib/format";

export type CardAction = "none" | "reserve" | "cancel" | "sold-out" | "ended";

/**
 * Which booking button a card shows. Nobody signed in: none. A show I booked: Cancel Reservation
 * (even when it is sold out, since my seats are among those sold). A show that has started: a
 * disabled "ended". Otherwise Reserve while seats are left, and a disabled Sold Out when none are.
 */
export function cardAction(show: Show, signedIn: boolean, now: Date = new Date()): CardAction {
  if (!signedIn) return "none";
  if (show.myReservationId != null) return "cancel";
  if (hasStarted(show.date, show.startTime, now)) return "ended";
  if (show.soldOut || show.seatsLeft <= 0) return "sold-out";
  return "reserve";
}

export type ShowCardProps = {
  show: Show;
  signedIn: boolean;
  onCancel: (show: Show) => void;
};

export function ShowCard({ show, signedIn, onCancel }: ShowCardProps) {
  const { t } = useTranslation();
  const action = cardAction(show, signedIn);
  const ended = hasStarted(show.date, show.startTime);
  const full = show.soldOut || show.seatsLeft <= 0;
  const from = show.minPrice ?? show.price;
  const availability = ended ? t("show.ended") : full ? t("show.soldOut") : t("show.seatsLeft", { count: show.seatsLeft });
  return (
    <article className="flex w-full flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm" aria-labelledby={`show-${show.id}-title`}>
      <Link to={`/shows/${show.id}`} className="block aspect-[3/4] bg-slate-100" tabIndex={-1} aria-hidden="true">
        <img src={posterUrl(show.posterUrl)} alt="" width={300} height={400} className="h-full w-full object-cover" loading="lazy" />
      </Link>
      <div className="flex flex-1 flex-col gap-1 p-4">
        <h3 id={`show-${show.id}-title`} className="line-clamp-2 min-h-10 text-base font-bold leading-5">
          <Link to={`/shows/${show.id}`} className="hover:text-purple-700 hover:underline">
            {show.title}
          </Link>
        </h3>
        <p className="truncate text-sm leading-5 text-slate-600">{formatDate(show.date)}</p>
        <p className="truncate text-sm leading-5 text-slate-600">{formatTimeRange(show.startTime, show.endTime)}</p>
        <p className="truncate text-sm leading-5 text-slate-600">{show.venue}</p>
        <div className="mt-2 flex min-h-6 flex-wrap items-baseline justify-between gap-x-2">
          <span className={`whitespace-nowrap text-sm ${full || ended ? "font-semibold text-rose-700" : "text-slate-600"}`} data-testid="availability">
            {availability}
          </span>
          <span className="whitespace-nowrap font-bold text-slate-900">{t("show.fromPrice", { price: formatPrice(from) })}</span>
        </div>
        {/* The button row keeps its height with no button, so signing in moves nothing. */}
        <div className="mt-auto min-h-12 pt-3">
          {action === "reserve" && (
            <Link
              to={`/shows/${show.id}`}
              className="block w-full rounded-lg bg-purple-700 px-4 py-2 text-center text-sm font-semibold text-white hover:bg-purple-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-purple-600"
              aria-label={t("show.reserveAria", { title: show.title })}
            >
              {t("show.reserve")}
            </Link>
          )}
          {action === "cancel" && (
            <Button variant="danger" className="w-full" onClick={() => onCancel(show)} aria-label={t("show.cancelAria", { title: show.title })}>
              {t("show.cancelReservation")}
            </Button>
          )}
          {action === "sold-out" && (
            <Button variant="secondary" className="w-full" disabled>
              {t("show.soldOut")}
            </Button>
          )}
          {action === "ended" && (
            <Button variant="secondary" className="w-full" disabled>
              {t("show.ended")}
            </Button>
          )}
        </div>
      </div>
    </article>
  );
}

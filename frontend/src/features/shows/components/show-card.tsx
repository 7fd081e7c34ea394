import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { api, type Show } from "@/lib/api";
import { formatDate, formatPrice, formatTimeRange } from "@/lib/format";

export type CardAction = "none" | "reserve" | "cancel" | "sold-out";

/**
 * Which booking button a card shows. Nobody signed in: none. A show I booked: Cancel Reservation
 * (even when it is sold out, since my seats are among those sold). Otherwise Reserve while seats
 * are left, and a disabled Sold Out when none are.
 */
export function cardAction(show: Show, signedIn: boolean): CardAction {
  if (!signedIn) return "none";
  if (show.myReservationId != null) return "cancel";
  if (show.soldOut || show.seatsLeft <= 0) return "sold-out";
  return "reserve";
}

export type ShowCardProps = {
  show: Show;
  signedIn: boolean;
  onCancel: (show: Show) => void;
};

export function ShowCard({ show, signedIn, onCancel }: ShowCardProps) {
  const action = cardAction(show, signedIn);
  const full = show.soldOut || show.seatsLeft <= 0;
  return (
    <article className="flex w-full flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-sm" aria-labelledby={`show-${show.id}-title`}>
      <Link to={`/shows/${show.id}`} className="block aspect-[3/4] bg-slate-100" tabIndex={-1} aria-hidden="true">
        <img src={api.posterUrl(show.posterUrl)} alt="" className="h-full w-full object-cover" loading="lazy" />
      </Link>
      <div className="flex flex-1 flex-col gap-1 p-4">
        <h3 id={`show-${show.id}-title`} className="text-base font-bold leading-tight">
          <Link to={`/shows/${show.id}`} className="hover:text-purple-700 hover:underline">
            {show.title}
          </Link>
        </h3>
        <p className="text-sm text-slate-600">{formatDate(show.date)}</p>
        <p className="text-sm text-slate-600">{formatTimeRange(show.startTime, show.endTime)}</p>
        <p className="text-sm text-slate-600">{show.venue}</p>
        <div className="mt-2 flex flex-wrap items-baseline justify-between gap-x-2">
          <span className={`whitespace-nowrap text-sm ${full ? "font-semibold text-rose-600" : "text-slate-600"}`}>
            {show.reservedSeats}/{show.totalSeats} seats
          </span>
          <span className="whitespace-nowrap font-bold text-slate-900">{formatPrice(show.price)}</span>
        </div>
        <div className="mt-auto pt-3">
          {action === "reserve" && (
            <Link
              to={`/shows/${show.id}`}
              className="block w-full rounded-lg bg-purple-600 px-4 py-2 text-center text-sm font-semibold text-white hover:bg-purple-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-purple-600"
              aria-label={`Reserve ${show.title}`}
            >
              Reserve
            </Link>
          )}
          {action === "cancel" && (
            <Button variant="danger" className="w-full" onClick={() => onCancel(show)} aria-label={`Cancel Reservation for ${show.title}`}>
              Cancel Reservation
            </Button>
          )}
          {action === "sold-out" && (
            <Button variant="secondary" className="w-full" disabled>
              Sold Out
            </Button>
          )}
        </div>
      </div>
    </article>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ErrorMessage, Loading } from "@/components/ui/status";
import { useToast } from "@/components/ui/toaster";
import { useUser } from "@/features/auth/api/auth";
import { LoginButton } from "@/features/auth/components/login-button";
import { reserveMutationKey, useReserve } from "@/features/reservations/api/reservations";
import { ConfirmReservationDialog } from "@/features/reservations/components/confirm-reservation-dialog";
import { ReservationCompleteDialog } from "@/features/reservations/components/reservation-complete-dialog";
import { useSeatSelection } from "@/features/seats/api/hold";
import { useSeatEvents, useSeatMap } from "@/features/seats/api/seat-map";
import { ReservationSummary, seatsTotal } from "@/features/seats/components/reservation-summary";
import { SeatLegend, SeatMap } from "@/features/seats/components/seat-map";
import { useShow } from "@/features/shows/api/shows";
import { ApiError, errorMessage } from "@/lib/api-client";
import { api, type Reservation, type Seat } from "@/lib/api";
import { formatDate, formatPrice, formatTimeRange } from "@/lib/format";
import { newIdempotencyKey } from "@/lib/idempotency-key";

/** Seat selection for one show: the live seat map, my selection and booking it. */
export function ShowPage() {
  const id = Number(useParams().showId);
  const queryClient = useQueryClient();
  const notify = useToast();
  const user = useUser();
  const signedIn = Boolean(user.data);
  const show = useShow(id);
  const seatMap = useSeatMap(id);
  const selection = useSeatSelection(id, signedIn);
  const reserve = useReserve(id);
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const [complete, setComplete] = useState<Reservation | null>(null);

  // While I am booking, a "reserved" event for my seats is my own booking arriving.
  useSeatEvents(id, (event) => selection.onSeatEvent(event, queryClient.isMutating({ mutationKey: reserveMutationKey(id) }) > 0));

  const selectedSet = useMemo(() => new Set(selection.selected), [selection.selected]);
  const selectedSeats = useMemo(() => {
    const byName = new Map((seatMap.data?.seats ?? []).map((s) => [s.name, s]));
    return selection.selected.map((n) => byName.get(n)).filter((s): s is Seat => s !== undefined);
  }, [seatMap.data, selection.selected]);

  const alreadyBooked = show.data?.myReservationId != null;

  function onToggle(seat: Seat) {
    if (alreadyBooked && signedIn) {
      notify("info", "You already have a reservation for this show. Cancel it in My Reservations to pick other seats.");
      return;
    }
    selection.toggle(seat);
  }

  function confirm() {
    if (!attemptKey) return;
    reserve.mutate(
      { seats: selection.selected, idempotencyKey: attemptKey },
      {
        onSuccess: (r) => {
          setAttemptKey(null);
          setComplete(r);
        },
        onError: (err) => {
          // A refusal is final for this attempt; a new one needs a new key. A lost connection keeps
          // the key so that trying again cannot book twice.
          if (err instanceof ApiError) setAttemptKey(newIdempotencyKey());
        },
      },
    );
  }

  if (show.isPending || seatMap.isPending) return <Loading label="Loading seats…" />;
  if (show.isError) return <ErrorMessage message={errorMessage(show.error)} onRetry={() => void show.refetch()} />;
  if (seatMap.isError) return <ErrorMessage message={errorMessage(seatMap.error)} onRetry={() => void seatMap.refetch()} />;
  const s = show.data;
  // From the live seat map rather than the show, which is only as fresh as its last fetch.
  const seatsLeft = seatMap.data.seats.filter((seat) => seat.status !== "reserved").length;

  return (
    <div className="space-y-6">
      <Link to="/" className="text-sm font-semibold text-purple-700 hover:underline">
        ← All shows
      </Link>
      <header className="flex gap-4">
        <img src={api.posterUrl(s.posterUrl)} alt="" className="h-28 w-20 flex-none rounded-lg bg-slate-100 object-cover sm:h-36 sm:w-26" />
        <div className="space-y-1">
          <h1 className="text-2xl font-bold leading-tight">{s.title}</h1>
          <p className="text-slate-600">
            {formatDate(s.date)} · {formatTimeRange(s.startTime, s.endTime)}
          </p>
          <p className="text-slate-600">{s.venue}</p>
          <p className="text-sm text-slate-600">
            {formatPrice(s.price)} per seat · {seatsLeft} of {seatMap.data.seats.length} seats left
          </p>
        </div>
      </header>

      {alreadyBooked && signedIn && (
        <p role="status" className="rounded-lg border border-purple-200 bg-purple-50 px-4 py-3 text-sm text-purple-900">
          You already have a reservation for this show.{" "}
          <Link to="/reservations" className="font-semibold underline">
            See My Reservations
          </Link>
        </p>
      )}

      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <section aria-label="Seat map" className="min-w-0 space-y-6 rounded-2xl border border-slate-200 bg-white px-2 py-4 sm:p-6">
          <SeatMap map={seatMap.data} selected={selectedSet} onToggle={onToggle} label={`Seats for ${s.title}`} />
          <SeatLegend />
        </section>
        <aside className="self-start rounded-2xl border border-slate-200 bg-white p-4 sm:p-6 lg:sticky lg:top-24">
          {signedIn ? (
            <ReservationSummary
              seats={selectedSeats}
              expiresAt={selection.expiresAt}
              saving={selection.saving}
              onRemove={(seat) => selection.toggle(seat)}
              onReserve={() => {
                reserve.reset();
                setAttemptKey(newIdempotencyKey());
              }}
              onExpire={selection.expired}
            />
          ) : (
            <div className="space-y-3 text-center">
              <p className="text-slate-600">Log in to choose seats and book them.</p>
              {!user.isPending && <LoginButton />}
            </div>
          )}
        </aside>
      </div>

      <ConfirmReservationDialog
        open={attemptKey !== null}
        show={s}
        seats={selection.selected}
        total={seatsTotal(selectedSeats)}
        busy={reserve.isPending}
        error={reserve.isError ? errorMessage(reserve.error) : undefined}
        onConfirm={confirm}
        onClose={() => setAttemptKey(null)}
      />
      <ReservationCompleteDialog reservation={complete} onClose={() => setComplete(null)} />
    </div>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
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
import { BestSeatsForm } from "@/features/seats/components/best-seats";
import { CheckoutBar, ReservationSummary, seatsTotal } from "@/features/seats/components/reservation-summary";
import { SeatLegend, SeatMap } from "@/features/seats/components/seat-map";
import { useShow } from "@/features/shows/api/shows";
import { ShowDetails } from "@/features/shows/components/show-details";
import { usePassRefusals } from "@/features/waitroom/api/pass-refusals";
import { PassCountdown } from "@/features/waitroom/components/pass-countdown";
import { SaleCountdown } from "@/features/waitroom/components/sale-countdown";
import { WaitingRoom } from "@/features/waitroom/components/waiting-room";
import { ApiError, errorMessage } from "@/lib/api-client";
import type { Reservation, Seat } from "@/lib/api";
import { hasStarted } from "@/lib/format";
import { newIdempotencyKey } from "@/lib/idempotency-key";
import { usePass } from "@/lib/line-pass";
import { usePageTitle } from "@/lib/page";

/** One show: its details, the live seat map, my selection and booking it. */
export function ShowPage() {
  const { t } = useTranslation();
  const id = Number(useParams().showId);
  const queryClient = useQueryClient();
  const notify = useToast();
  const user = useUser();
  const signedIn = Boolean(user.data);
  const show = useShow(id);
  usePageTitle(show.data?.title);
  const seatMap = useSeatMap(id);
  const selection = useSeatSelection(id, signedIn);
  const reserve = useReserve(id);
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const [complete, setComplete] = useState<Reservation | null>(null);
  const pass = usePass(id);
  usePassRefusals(id);

  // While I am booking, a "reserved" event for my seats is my own booking arriving.
  useSeatEvents(id, (event) => selection.onSeatEvent(event, queryClient.isMutating({ mutationKey: reserveMutationKey(id) }) > 0));

  const selectedSet = useMemo(() => new Set(selection.selected), [selection.selected]);
  const selectedSeats = useMemo(() => {
    const byName = new Map((seatMap.data?.seats ?? []).map((s) => [s.name, s]));
    return selection.selected.map((n) => byName.get(n)).filter((s): s is Seat => s !== undefined);
  }, [seatMap.data, selection.selected]);

  const alreadyBooked = show.data?.myReservationId != null;
  const ended = show.data ? hasStarted(show.data.date, show.data.startTime) : false;

  function onToggle(seat: Seat) {
    if (ended) {
      notify("info", t("show.endedNotice"));
      return;
    }
    if (alreadyBooked && signedIn) {
      notify("info", t("show.alreadyBookedToast"));
      return;
    }
    selection.toggle(seat);
  }

  function startReserve() {
    reserve.reset();
    setAttemptKey(newIdempotencyKey());
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

  if (show.isPending || seatMap.isPending) return <Loading label={t("show.loadingSeats")} />;
  if (show.isError)
    return (
      <div className="space-y-4">
        <ErrorMessage message={errorMessage(show.error)} onRetry={() => void show.refetch()} />
        <Link to="/" className="inline-block font-semibold text-purple-800 underline">
          {t("notFound.back")}
        </Link>
      </div>
    );
  // Only when there is no map at all: a failed refetch keeps the last good one on screen.
  if (!seatMap.data) return <ErrorMessage message={errorMessage(seatMap.error)} onRetry={() => void seatMap.refetch()} />;
  const s = show.data;
  const map = seatMap.data;
  // From the live seat map rather than the show, which is only as fresh as its last fetch.
  const seatsLeft = map.seats.filter((seat) => seat.status !== "reserved").length;
  const stale = seatMap.isError;
  // While the show's waiting room is on, a signed-in buyer waits in line until a pass lets them in.
  const inLine = Boolean(s.waitingRoom) && signedIn && !alreadyBooked && !ended && !pass && complete === null;

  return (
    <div className="space-y-6">
      <Link to="/" className="text-sm font-semibold text-purple-800 hover:underline">
        {t("app.backToShows")}
      </Link>
      <ShowDetails show={s} seats={map.seats} sections={map.sections} seatsLeft={seatsLeft} />
      {s.saleOpensAt && <SaleCountdown opensAt={s.saleOpensAt} />}
      {inLine && <WaitingRoom showId={id} title={s.title} />}
      {pass && s.waitingRoom && !alreadyBooked && <PassCountdown showId={id} pass={pass} />}

      {ended && (
        <p role="status" className="rounded-lg border border-slate-300 bg-slate-100 px-4 py-3 text-sm font-semibold text-slate-800">
          {t("show.endedNotice")}
        </p>
      )}
      {alreadyBooked && signedIn && (
        <p role="status" className="rounded-lg border border-purple-200 bg-purple-50 px-4 py-3 text-sm text-purple-900">
          {t("show.alreadyBooked")}{" "}
          <Link to="/reservations" className="font-semibold underline">
            {t("show.seeMyReservations")}
          </Link>
        </p>
      )}
      {stale && (
        <p role="status" data-testid="seat-map-stale" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm font-semibold text-amber-900">
          {t("show.stale")}
        </p>
      )}

      <div className={`${inLine ? "hidden" : "grid"} gap-6 lg:grid-cols-[1fr_20rem]`}>
        <section
          aria-label={t("show.seatMap")}
          data-stale={stale || undefined}
          className={`-mx-4 min-w-0 space-y-6 border-y border-slate-200 bg-white px-1 py-4 sm:mx-0 sm:rounded-2xl sm:border sm:p-6 ${stale ? "opacity-70" : ""}`}
        >
          <SeatMap map={map} selected={selectedSet} onToggle={onToggle} label={t("show.seatsFor", { title: s.title })} />
          <SeatLegend seats={map.seats} />
        </section>
        <aside className="self-start rounded-2xl border border-slate-200 bg-white p-4 sm:p-6 lg:sticky lg:top-24">
          {signedIn ? (
            <div className="space-y-4">
              <ReservationSummary
                seats={selectedSeats}
                expiresAt={selection.expiresAt}
                saving={selection.saving}
                onRemove={(seat) => selection.toggle(seat)}
                onReserve={startReserve}
                onExpire={selection.expired}
              />
              {!ended && !alreadyBooked && <BestSeatsForm seats={map.seats} busy={selection.finding} onFind={selection.findBest} />}
            </div>
          ) : (
            <div className="space-y-3 text-center">
              <p className="text-slate-600">{t("show.loginToChoose")}</p>
              {!user.isPending && <LoginButton />}
            </div>
          )}
        </aside>
      </div>
      {signedIn && !inLine && <CheckoutBar seats={selectedSeats} expiresAt={selection.expiresAt} saving={selection.saving} onReserve={startReserve} />}

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

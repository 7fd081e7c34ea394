import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { ErrorMessage, Loading } from "@/components/ui/status";
import { useToast } from "@/components/ui/toaster";
import { useUser } from "@/features/auth/api/get-user";
import { LoginButton } from "@/features/auth/components/login-button";
import { BookingDialogs } from "@/features/reservations/components/booking-dialogs";
import { useBooking } from "@/features/reservations/hooks/use-booking";
import { useSeatMap } from "@/features/seats/api/get-seat-map";
import { useSeatEvents } from "@/features/seats/api/seat-events";
import { BestSeatsForm } from "@/features/seats/components/best-seats";
import { CheckoutBar, ReservationSummary, seatsTotal } from "@/features/seats/components/reservation-summary";
import { SeatLegend, SeatMap } from "@/features/seats/components/seat-map";
import { useSeatSelection } from "@/features/seats/hooks/use-seat-selection";
import { useShow } from "@/features/shows/api/get-show";
import { ShowDetails } from "@/features/shows/components/show-details";
import { usePassRefusals } from "@/features/waitroom/api/pass-refusals";
import { PassCountdown } from "@/features/waitroom/components/pass-countdown";
import { SaleCountdown } from "@/features/waitroom/components/sale-countdown";
import { WaitingRoom } from "@/features/waitroom/components/waiting-room";
import { errorMessage } from "@/lib/api-client";
import { usePass } from "@/lib/line-pass";
import { usePageTitle } from "@/lib/page";
import type { Seat } from "@/types/api";

/** One show: its details, the live seat map, my selection and booking it. */
export function ShowPage() {
  const { t } = useTranslation();
  const id = Number(useParams().showId);
  const notify = useToast();
  const user = useUser();
  const signedIn = Boolean(user.data);
  const show = useShow(id);
  usePageTitle(show.data?.title);
  const seatMap = useSeatMap(id);
  const selection = useSeatSelection(id, signedIn);
  const booking = useBooking(id, show.data);
  const { ended, alreadyBooked } = booking;
  const pass = usePass(id);
  usePassRefusals(id);

  useSeatEvents(id, (event) => selection.onSeatEvent(event, booking.reserving()));

  const selectedSet = useMemo(() => new Set(selection.selected), [selection.selected]);
  const selectedSeats = useMemo(() => {
    const byName = new Map((seatMap.data?.seats ?? []).map((s) => [s.name, s]));
    return selection.selected.map((n) => byName.get(n)).filter((s): s is Seat => s !== undefined);
  }, [seatMap.data, selection.selected]);

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
  const inLine = Boolean(s.waitingRoom) && signedIn && !alreadyBooked && !ended && !pass && booking.complete === null;

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
                onReserve={booking.start}
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
      {signedIn && !inLine && <CheckoutBar seats={selectedSeats} expiresAt={selection.expiresAt} saving={selection.saving} onReserve={booking.start} />}

      <BookingDialogs booking={booking} show={s} seats={selection.selected} total={seatsTotal(selectedSeats)} />
    </div>
  );
}

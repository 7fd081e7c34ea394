import { Link } from "react-router-dom";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { Reservation } from "@/lib/api";
import { formatDate, formatPrice, formatTimeRange } from "@/lib/format";

export function ReservationCompleteDialog({ reservation, onClose }: { reservation: Reservation | null; onClose: () => void }) {
  return (
    <Dialog
      open={reservation !== null}
      title="Reservation complete"
      onClose={onClose}
      actions={
        <>
          <Link to="/reservations" className="rounded-lg px-4 py-2 text-sm font-semibold text-purple-700 hover:bg-purple-50">
            My Reservations
          </Link>
          <Button onClick={onClose} data-autofocus>
            OK
          </Button>
        </>
      }
    >
      {reservation && (
        <div className="space-y-1 text-sm">
          <p className="text-base">Your seats are booked. Enjoy the show!</p>
          <p className="pt-2 font-semibold">{reservation.show.title}</p>
          <p>
            {formatDate(reservation.show.date)} · {formatTimeRange(reservation.show.startTime, reservation.show.endTime)}
          </p>
          <p>Seats {reservation.seats.join(", ")}</p>
          <p className="font-bold">{formatPrice(reservation.total)}</p>
        </div>
      )}
    </Dialog>
  );
}

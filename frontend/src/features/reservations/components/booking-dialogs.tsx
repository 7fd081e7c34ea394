import type { Show } from "@/types/api";
import type { Booking } from "../hooks/use-booking";
import { ConfirmReservationDialog } from "./confirm-reservation-dialog";
import { ReservationCompleteDialog } from "./reservation-complete-dialog";

/** The booking's two dialogs: "are you sure?" with the seats and total, then the booking reference. */
export function BookingDialogs({ booking, show, seats, total }: { booking: Booking; show: Show; seats: string[]; total: number }) {
  return (
    <>
      <ConfirmReservationDialog
        open={booking.confirming}
        show={show}
        seats={seats}
        total={total}
        busy={booking.busy}
        error={booking.error}
        onConfirm={() => booking.confirm(seats)}
        onClose={booking.closeConfirm}
      />
      <ReservationCompleteDialog reservation={booking.complete} onClose={booking.closeComplete} />
    </>
  );
}

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/api-client";
import { useCancelReservation } from "../api/reservations";

export type CancelTarget = { reservationId: number; title: string; seats?: string[] };

/** Asks before cancelling, then cancels and says how it went, in the dialog or as a message. */
export function CancelReservationDialog({ target, onClose }: { target: CancelTarget | null; onClose: () => void }) {
  const cancel = useCancelReservation();
  const notify = useToast();

  function close() {
    cancel.reset();
    onClose();
  }

  function confirm() {
    if (!target) return;
    cancel.mutate(target.reservationId, {
      onSuccess: (r) => {
        notify("success", `Reservation cancelled: ${target.title}, seats ${r.seats.join(", ")}.`);
        close();
      },
    });
  }

  return (
    <Dialog
      open={target !== null}
      title="Cancel reservation"
      onClose={close}
      busy={cancel.isPending}
      actions={
        <>
          <Button variant="secondary" onClick={close} disabled={cancel.isPending} data-autofocus>
            No, keep it
          </Button>
          <Button variant="danger" onClick={confirm} busy={cancel.isPending}>
            Yes, cancel
          </Button>
        </>
      }
    >
      {target && (
        <p>
          Cancel your reservation for <strong>{target.title}</strong>
          {target.seats && target.seats.length > 0 ? ` (seats ${target.seats.join(", ")})` : ""}? The seats go back on sale.
        </p>
      )}
      {cancel.isError && (
        <p role="alert" className="mt-4 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {errorMessage(cancel.error)}
        </p>
      )}
    </Dialog>
  );
}

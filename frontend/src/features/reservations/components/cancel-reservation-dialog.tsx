import { Trans, useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/api-client";
import { seatLabels } from "@/lib/seat-name";
import { useCancelReservation } from "../api/cancel-reservation";

export type CancelTarget = { reservationId: number; title: string; seats?: string[] };

/** Asks before cancelling, then cancels and says how it went, in the dialog or as a message. */
export function CancelReservationDialog({ target, onClose }: { target: CancelTarget | null; onClose: () => void }) {
  const cancel = useCancelReservation();
  const notify = useToast();
  const { t } = useTranslation();

  function close() {
    cancel.reset();
    onClose();
  }

  function confirm() {
    if (!target) return;
    cancel.mutate(target.reservationId, {
      onSuccess: (r) => {
        notify("success", t("cancel.done", { title: target.title, seats: seatLabels(r.seats) }));
        close();
      },
    });
  }

  return (
    <Dialog
      open={target !== null}
      title={t("cancel.title")}
      onClose={close}
      busy={cancel.isPending}
      actions={
        <>
          <Button variant="secondary" onClick={close} disabled={cancel.isPending} data-autofocus>
            {t("cancel.keep")}
          </Button>
          <Button variant="danger" onClick={confirm} busy={cancel.isPending}>
            {t("cancel.confirm")}
          </Button>
        </>
      }
    >
      {target && (
        <p>
          <Trans
            i18nKey={target.seats && target.seats.length > 0 ? "cancel.questionSeats" : "cancel.question"}
            values={{ title: target.title, seats: target.seats && seatLabels(target.seats) }}
            components={{ strong: <strong /> }}
          />
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

import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { formatDate, formatPrice, formatTimeRange } from "@/lib/format";
import { seatLabels } from "@/lib/seat-name";

export type ConfirmReservationDialogProps = {
  open: boolean;
  show: { title: string; date: string; startTime: string; endTime: string; venue: string };
  seats: string[];
  total: number;
  busy: boolean;
  /** The server's refusal, shown inside the dialog. */
  error?: string;
  onConfirm: () => void;
  onClose: () => void;
};

/** "Are you sure?" before booking: what, when, which seats and how much. */
export function ConfirmReservationDialog({ open, show, seats, total, busy, error, onConfirm, onClose }: ConfirmReservationDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={open}
      title={t("confirm.title")}
      onClose={onClose}
      busy={busy}
      actions={
        <>
          <Button variant="secondary" onClick={onClose} disabled={busy}>
            {t("confirm.no")}
          </Button>
          <Button onClick={onConfirm} busy={busy} data-autofocus>
            {busy ? t("confirm.reserving") : t("confirm.yes")}
          </Button>
        </>
      }
    >
      <p>{t("confirm.question")}</p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium text-slate-500">{t("confirm.show")}</dt>
        <dd className="font-semibold">{show.title}</dd>
        <dt className="font-medium text-slate-500">{t("confirm.dateTime")}</dt>
        <dd>
          {formatDate(show.date)} · {formatTimeRange(show.startTime, show.endTime)}
        </dd>
        <dt className="font-medium text-slate-500">{t("confirm.venue")}</dt>
        <dd>{show.venue}</dd>
        <dt className="font-medium text-slate-500">{t("confirm.seats")}</dt>
        <dd>{seatLabels(seats)}</dd>
        <dt className="font-medium text-slate-500">{t("confirm.total")}</dt>
        <dd className="font-bold">{formatPrice(total)}</dd>
      </dl>
      {error && (
        <p role="alert" className="mt-4 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
    </Dialog>
  );
}

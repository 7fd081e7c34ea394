import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { EmptyState, ErrorMessage, Loading } from "@/components/ui/status";
import { useUser } from "@/features/auth/api/get-user";
import { LoginButton } from "@/features/auth/components/login-button";
import { useMyReservations } from "@/features/reservations/api/get-my-reservations";
import { CancelReservationDialog, type CancelTarget } from "@/features/reservations/components/cancel-reservation-dialog";
import { ReservationList } from "@/features/reservations/components/reservation-list";
import { errorMessage } from "@/lib/api-client";
import { PAGE_HEADING_ID, usePageTitle } from "@/lib/page";

export function MyReservationsPage() {
  const { t } = useTranslation();
  usePageTitle(t("reservations.title"));
  const user = useUser();
  const reservations = useMyReservations(Boolean(user.data));
  const [cancelTarget, setCancelTarget] = useState<CancelTarget | null>(null);

  let body;
  if (user.isPending) body = <Loading />;
  else if (!user.data)
    body = (
      <EmptyState>
        <p className="mb-4">{t("reservations.loginToSee")}</p>
        <LoginButton />
      </EmptyState>
    );
  else if (reservations.isPending) body = <Loading label={t("reservations.loading")} />;
  else if (reservations.isError) body = <ErrorMessage message={errorMessage(reservations.error)} onRetry={() => void reservations.refetch()} />;
  else if (reservations.data.items.length === 0)
    body = (
      <EmptyState>
        <p>{t("reservations.none")}</p>
        <Link to="/" className="mt-2 inline-block font-semibold text-purple-800 underline">
          {t("reservations.findShow")}
        </Link>
      </EmptyState>
    );
  else
    body = (
      <ReservationList
        reservations={reservations.data.items}
        onCancel={(r) => setCancelTarget({ reservationId: r.id, title: r.show.title, seats: r.seats })}
      />
    );

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 id={PAGE_HEADING_ID} tabIndex={-1} className="text-2xl font-bold outline-none">
        {t("reservations.title")}
      </h1>
      {body}
      <CancelReservationDialog target={cancelTarget} onClose={() => setCancelTarget(null)} />
    </div>
  );
}

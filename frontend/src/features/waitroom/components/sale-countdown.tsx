import { useTranslation } from "react-i18next";
import { clock, useNow } from "./use-now";

/** Time until the sale opens, on the show page. */
export function SaleCountdown({ opensAt }: { opensAt: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const left = Math.ceil((Date.parse(opensAt) - now) / 1000);
  if (!Number.isFinite(left) || left <= 0) return null;
  const time = clock(left);
  return (
    <p role="status" data-testid="sale-countdown" className="rounded-lg border border-purple-200 bg-purple-50 px-4 py-3 text-sm text-purple-900">
      {t("waitroom.opensIn")}{" "}
      <time aria-label={t("waitroom.timeLeft", { time })} className="font-mono font-semibold tabular-nums">
        {time}
      </time>
    </p>
  );
}

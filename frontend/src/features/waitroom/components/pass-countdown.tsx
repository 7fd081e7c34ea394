import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { setPass, type LinePass } from "@/lib/line-pass";
import { clock, useNow } from "./use-now";

/** My pass's time left, above the seat map; when it runs out the pass is dropped and the line shows again. */
export function PassCountdown({ showId, pass }: { showId: number; pass: LinePass }) {
  const { t } = useTranslation();
  const now = useNow();
  const left = Math.ceil((Date.parse(pass.expiresAt) - now) / 1000);
  const over = left <= 0;
  useEffect(() => {
    if (over) setPass(showId, null);
  }, [over, showId]);
  const time = clock(left);
  return (
    <p data-testid="pass-countdown" className={`rounded-lg border px-4 py-3 text-sm ${left <= 60 ? "border-rose-200 bg-rose-50 font-semibold text-rose-800" : "border-emerald-200 bg-emerald-50 text-emerald-900"}`}>
      {t("waitroom.passLeft")}{" "}
      <time aria-label={t("waitroom.timeLeft", { time })} className="font-mono font-semibold tabular-nums">
        {time}
      </time>
    </p>
  );
}

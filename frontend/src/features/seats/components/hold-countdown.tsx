import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCountdown } from "@/lib/format";

/** Time left on my hold, ticking each second; calls onExpire once when it runs out. */
export function HoldCountdown({ expiresAt, onExpire, compact = false }: { expiresAt: string; onExpire: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  const onExpireRef = useRef(onExpire);
  onExpireRef.current = onExpire;

  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [end]);

  const left = Math.ceil((end - now) / 1000);
  const over = left <= 0;
  useEffect(() => {
    if (Number.isFinite(end) && over) onExpireRef.current();
  }, [end, over]);

  if (!Number.isFinite(end)) return null;
  const urgent = left <= 60;
  const time = formatCountdown(left);
  return (
    <p className={`text-sm ${urgent ? "font-semibold text-rose-700" : "text-slate-600"}`}>
      {!compact && <>{t("summary.heldFor")} </>}
      <time aria-label={t("summary.timeLeft", { time })} className="font-mono tabular-nums">
        {time}
      </time>
    </p>
  );
}

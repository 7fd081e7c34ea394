import { useTranslation } from "react-i18next";
import type { Seat } from "@/types/api";
import { formatPrice } from "@/lib/format";
import { gradePrices, gradeStyle } from "@/lib/grade";
import { SeatMark } from "./seat-mark";
import { viewStyle, type SeatView } from "./seat-style";

/** The map's key: the grades with their prices, then what each state looks like. */
export function SeatLegend({ seats }: { seats: Seat[] }) {
  const { t } = useTranslation();
  const grades = gradePrices(seats);
  const states: { view: SeatView; label: string }[] = [
    { view: "available", label: t("seat.legendAvailable") },
    { view: "selected", label: t("seat.legendSelected") },
    { view: "held", label: t("seat.legendHeld") },
    { view: "reserved", label: t("seat.legendReserved") },
  ];
  return (
    <div className="space-y-2">
      {grades.length > 0 && (
        <ul className="flex flex-wrap justify-center gap-x-4 gap-y-2 text-sm text-slate-700" aria-label={t("show.grades")}>
          {grades.map(({ grade, price }) => (
            <li key={grade} className="flex items-center gap-1.5" data-grade={grade}>
              <span className={`h-5 w-5 rounded ${gradeStyle[grade]}`} aria-hidden="true" />
              <span className="font-semibold">{t("seat.gradeSeat", { grade })}</span> {formatPrice(price)}
            </li>
          ))}
        </ul>
      )}
      <ul className="flex flex-wrap justify-center gap-x-4 gap-y-2 text-sm text-slate-700" aria-label={t("seat.legend")}>
        {states.map(({ view, label }) => (
          <li key={view} className="flex items-center gap-1.5">
            <span className={`flex h-5 w-5 items-center justify-center rounded text-[10px] ${viewStyle(view, undefined)}`}>
              <SeatMark view={view} number="" />
            </span>
            {label}
          </li>
        ))}
      </ul>
    </div>
  );
}

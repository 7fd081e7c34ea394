import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { gradePrices } from "@/lib/grade";
import type { Seat, SeatGrade } from "@/types/api";
import { formatPrice } from "@/lib/format";

/** The most seats one may hold at once (the service's PODO_MAX_SEATS default). */
const MAX_SEATS = 4;

/** "Find me N seats together in grade X": the server picks the seats and holds them. */
export function BestSeatsForm({ seats, busy, onFind }: { seats: Seat[]; busy: boolean; onFind: (count: number, grade?: SeatGrade) => void }) {
  const { t } = useTranslation();
  const grades = gradePrices(seats);
  const [grade, setGrade] = useState<SeatGrade | "">("");
  const [count, setCount] = useState(2);
  function submit(e: FormEvent) {
    e.preventDefault();
    onFind(count, grade || undefined);
  }
  const select = "mt-1 block min-h-9 w-full rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <form onSubmit={submit} className="space-y-3 border-t border-slate-200 pt-4" aria-labelledby="best-title">
      <h3 id="best-title" className="font-semibold">
        {t("best.title")}
      </h3>
      <div className="grid grid-cols-2 gap-3">
        {grades.length > 0 && (
          <label className="text-sm font-medium text-slate-700">
            {t("best.grade")}
            <select className={select} value={grade} onChange={(e) => setGrade(e.target.value as SeatGrade | "")}>
              <option value="">{t("best.any")}</option>
              {grades.map((g) => (
                <option key={g.grade} value={g.grade}>
                  {t("seat.gradeSeat", { grade: g.grade })} · {formatPrice(g.price)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="text-sm font-medium text-slate-700">
          {t("best.count")}
          <select className={select} value={count} onChange={(e) => setCount(Number(e.target.value))}>
            {Array.from({ length: MAX_SEATS }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {t("best.countOption", { count: n })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Button type="submit" variant="secondary" className="w-full" busy={busy}>
        {t("best.submit")}
      </Button>
    </form>
  );
}

import { useTranslation } from "react-i18next";
import type { Seat, SeatSection, Show } from "@/types/api";
import { posterUrl } from "@/lib/api-client";
import { formatCount, formatDate, formatPrice, formatTimeRange, runningMinutes } from "@/lib/format";
import { gradePrices, gradeStyle } from "@/lib/grade";
import { PAGE_HEADING_ID } from "@/lib/page";

/** The top of a show's page: poster, title, when, where, how long, the grades and their prices, and what it is about. */
export function ShowDetails({ show, seats, sections, seatsLeft }: { show: Show; seats: Seat[]; sections?: SeatSection[]; seatsLeft: number }) {
  const { t } = useTranslation();
  const floors = new Set(sections?.map((s) => s.floor)).size;
  const minutes = runningMinutes(show.startTime, show.endTime);
  const grades = gradePrices(seats);
  const lowest = seats.length > 0 ? Math.min(...seats.map((s) => s.price)) : show.price;
  return (
    <header className="flex flex-col gap-4 sm:flex-row sm:gap-6">
      <img
        src={posterUrl(show.posterUrl)}
        alt=""
        width={192}
        height={256}
        className="aspect-[3/4] w-32 flex-none rounded-lg bg-slate-100 object-cover sm:w-48"
      />
      <div className="min-w-0 flex-1 space-y-3">
        <h1 id={PAGE_HEADING_ID} tabIndex={-1} className="text-2xl font-bold leading-tight outline-none sm:text-3xl">
          {show.title}
        </h1>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium text-slate-600">{t("show.dateTime")}</dt>
          <dd>
            {formatDate(show.date)} · {formatTimeRange(show.startTime, show.endTime)}
          </dd>
          <dt className="font-medium text-slate-600">{t("show.venue")}</dt>
          <dd>
            {show.venue}
            {floors > 0 && <span className="text-slate-600"> · {t("hall.size", { count: floors, seats: formatCount(seats.length) })}</span>}
          </dd>
          {minutes !== null && (
            <>
              <dt className="font-medium text-slate-600">{t("show.runningTime")}</dt>
              <dd>{t("show.minutes", { count: minutes })}</dd>
            </>
          )}
          <dt className="font-medium text-slate-600">{t("show.grades")}</dt>
          <dd>
            {grades.length > 0 ? (
              <ul className="flex flex-wrap gap-x-4 gap-y-1" data-testid="show-grades">
                {grades.map(({ grade, price }) => (
                  <li key={grade} className="flex items-center gap-1.5">
                    <span className={`h-3 w-3 rounded-sm ${gradeStyle[grade]}`} aria-hidden="true" />
                    <span className="font-semibold">{t("seat.gradeSeat", { grade })}</span> {formatPrice(price)}
                  </li>
                ))}
              </ul>
            ) : (
              t("show.fromPrice", { price: formatPrice(lowest) })
            )}
          </dd>
        </dl>
        <p className="text-sm font-semibold text-slate-700" data-testid="seats-left">
          {t("show.seatsLeft", { count: seatsLeft })}
        </p>
        {show.description && (
          <section aria-label={t("show.description")}>
            <p className="max-w-prose whitespace-pre-line text-sm leading-6 text-slate-700">{show.description}</p>
          </section>
        )}
      </div>
    </header>
  );
}

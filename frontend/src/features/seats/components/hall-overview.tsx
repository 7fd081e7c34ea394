import { memo, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Seat, SeatGrade, SeatSection } from "@/types/api";
import { sectionLabel } from "@/lib/seat-name";
import { rowOffsets } from "./row-offset";
import { Stage } from "./stage";

type HallOverviewProps = {
  sections: SeatSection[];
  bySection: Map<string, Seat[]>;
  selected: ReadonlySet<string>;
  current: string | null;
  onPick: (section: string) => void;
};

/**
 * A big hall at a glance, as a seating plan draws it: the stage, then each floor from the stage
 * back, its sections left to right, each a button that shows its seats as dots (in their grade's
 * colour while free, grey once taken, purple when mine) and says how many are left. Picking a
 * section shows its seats below.
 */
export function HallOverview({ sections, bySection, selected, current, onPick }: HallOverviewProps) {
  const { t } = useTranslation();
  const floors = useMemo(() => {
    const byFloor = new Map<number, SeatSection[]>();
    for (const s of sections) byFloor.set(s.floor, [...(byFloor.get(s.floor) ?? []), s]);
    return [...byFloor.entries()].sort(([a], [b]) => a - b);
  }, [sections]);
  return (
    <div role="group" aria-label={t("hall.overview")} data-testid="hall-overview" className="space-y-3">
      <Stage />
      {floors.map(([floor, secs]) => (
        <div key={floor} role="group" aria-label={t("hall.floor", { floor })} className="flex items-stretch gap-2">
          <span className="w-8 flex-none self-center text-xs font-bold text-slate-700" aria-hidden="true">
            {t("hall.floor", { floor })}
          </span>
          <div className="flex min-w-0 flex-1 items-stretch gap-1.5 sm:gap-2">
            {secs.map((sec) => {
              const seats = bySection.get(sec.id) ?? [];
              return (
                <SectionButton
                  key={sec.id}
                  section={sec}
                  seats={seats}
                  mine={seats.filter((s) => selected.has(s.name)).map((s) => s.name).join(",")}
                  current={sec.id === current}
                  onPick={onPick}
                />
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}

type SectionButtonProps = {
  section: SeatSection;
  seats: Seat[];
  /** My selected seats in this section, comma-joined, so the button redraws only when they change. */
  mine: string;
  current: boolean;
  onPick: (section: string) => void;
};

const dot: Record<SeatGrade | "none", string> = {
  VIP: "fill-rose-700",
  R: "fill-emerald-700",
  S: "fill-sky-700",
  A: "fill-amber-700",
  none: "fill-emerald-700",
};

const SectionButton = memo(function SectionButton({ section, seats, mine, current, onPick }: SectionButtonProps) {
  const { t } = useTranslation();
  const left = seats.filter((s) => s.status === "available").length;
  const rowIndex = useMemo(() => new Map(section.rows.map((r, i) => [r, i])), [section.rows]);
  const offsets = useMemo(() => rowOffsets(seats, section.columns), [seats, section.columns]);
  const chosen = new Set(mine ? mine.split(",") : []);
  const name = sectionLabel(section.floor, section.name);
  return (
    <button
      type="button"
      data-section={section.id}
      aria-pressed={current}
      aria-label={`${name}, ${t("hall.seatsLeft", { left })} / ${t("hall.total", { total: seats.length })}`}
      onClick={() => onPick(section.id)}
      style={{ flexGrow: section.columns, flexBasis: 0 }}
      className={`flex min-w-0 flex-col items-center gap-1 rounded-lg border-2 px-1 py-1.5 text-xs transition-colors hover:bg-purple-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900 ${
        current ? "border-purple-700 bg-purple-50" : "border-slate-300 bg-white"
      }`}
    >
      <svg
        viewBox={`0 0 ${section.columns} ${section.rows.length}`}
        className="w-full"
        style={{ height: `${section.rows.length * 4}px` }}
        aria-hidden="true"
      >
        {seats.map((s) => (
          <rect
            key={s.name}
            x={s.column - 1 + (offsets.get(s.row) ?? 0) + 0.1}
            y={(rowIndex.get(s.row) ?? 0) + 0.1}
            width={0.8}
            height={0.8}
            className={chosen.has(s.name) ? "fill-purple-700" : s.status === "available" ? dot[s.grade ?? "none"] : "fill-slate-300"}
          />
        ))}
      </svg>
      <span className="font-bold text-slate-900">{section.name}</span>
      <span className="truncate text-slate-700">{t("hall.seatsLeft", { left })}</span>
    </button>
  );
});

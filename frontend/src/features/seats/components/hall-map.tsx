import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Seat, SeatSection } from "@/types/api";
import { sectionLabel, sectionOf } from "@/lib/seat-name";
import { HallOverview } from "./hall-overview";
import { SeatGrid } from "./seat-grid";

type HallMapProps = {
  sections: SeatSection[];
  seats: Seat[];
  selected: ReadonlySet<string>;
  onToggle: (seat: Seat) => void;
  label: string;
};

/**
 * A big hall: the overview of its floors and sections, and the seats of the one section picked
 * there. Only that section's seats are buttons, so a 3,000-seat hall draws a few hundred. When
 * my selection gains a seat elsewhere (best available, or a hold kept from before a reload), its
 * section opens.
 */
export function HallMap({ sections, seats, selected, onToggle, label }: HallMapProps) {
  const { t } = useTranslation();
  const bySection = useSectionSeats(seats);
  const [current, setCurrent] = useState<string | null>(null);
  const headingId = useId();

  const before = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const added = Array.from(selected).filter((n) => !before.current.has(n));
    before.current = selected;
    const s = added.length > 0 && sectionOf(added[added.length - 1]);
    if (s) setCurrent(s);
  }, [selected]);

  const section = sections.find((s) => s.id === current);
  const name = section ? sectionLabel(section.floor, section.name) : "";
  return (
    <div className="space-y-5">
      <HallOverview sections={sections} bySection={bySection} selected={selected} current={section?.id ?? null} onPick={setCurrent} />
      {section ? (
        <section aria-labelledby={headingId} className="space-y-2" data-testid="hall-section">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id={headingId} className="text-base font-bold text-slate-800">
              {t("hall.showing", { section: name })}
            </h2>
            <button
              type="button"
              onClick={() => setCurrent(null)}
              className="min-h-9 rounded-lg border border-slate-300 bg-white px-3 text-sm font-semibold text-slate-700 hover:bg-slate-100"
            >
              {t("hall.back")}
            </button>
          </div>
          <SeatGrid
            key={section.id}
            rows={section.rows}
            columns={section.columns}
            seats={bySection.get(section.id) ?? []}
            selected={selected}
            onToggle={onToggle}
            label={`${label}: ${name}`}
            front={<p className="mb-3 text-center text-xs font-semibold text-slate-600">{t("hall.stageSide")}</p>}
          />
        </section>
      ) : (
        <p className="text-center text-sm font-semibold text-slate-700">{t("hall.pick")}</p>
      )}
    </div>
  );
}

/**
 * The seats of each section. A section whose seats are all the very objects of last time keeps
 * its old list, so a seat event redraws only the section it touched.
 */
function useSectionSeats(seats: Seat[]): Map<string, Seat[]> {
  const previous = useRef(new Map<string, Seat[]>());
  return useMemo(() => {
    const next = new Map<string, Seat[]>();
    for (const s of seats) {
      const id = s.section ?? "";
      const list = next.get(id);
      if (list) list.push(s);
      else next.set(id, [s]);
    }
    for (const [id, list] of next) {
      const old = previous.current.get(id);
      if (old && old.length === list.length && old.every((s, i) => s === list[i])) next.set(id, old);
    }
    previous.current = next;
    return next;
  }, [seats]);
}

import { useTranslation } from "react-i18next";
import type { ShowSort } from "@/types/api";

const sorts: { value: ShowSort; label: string }[] = [
  { value: "popular", label: "home.sortPopular" },
  { value: "latest", label: "home.sortLatest" },
  { value: "date", label: "home.sortDate" },
];

export type SortBarProps = {
  sort: ShowSort;
  mine: boolean;
  signedIn: boolean;
  onChange: (next: { sort: ShowSort; mine: boolean }) => void;
};

/** The list's sort order and, when signed in, the "My Reservations" filter. */
export function SortBar({ sort, mine, signedIn, onChange }: SortBarProps) {
  const { t } = useTranslation();
  const chip = (active: boolean) =>
    `min-h-9 rounded-full border px-3 py-1.5 text-sm font-medium transition-colors ${
      active ? "border-purple-700 bg-purple-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"
    }`;
  return (
    <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label={t("home.sortLabel")}>
      {sorts.map((s) => (
        <button key={s.value} type="button" className={chip(sort === s.value)} aria-pressed={sort === s.value} onClick={() => onChange({ sort: s.value, mine })}>
          {t(s.label)}
        </button>
      ))}
      {signedIn && (
        <button type="button" className={chip(mine)} aria-pressed={mine} onClick={() => onChange({ sort, mine: !mine })}>
          {t("home.mineFilter")}
        </button>
      )}
    </div>
  );
}

import { useTranslation } from "react-i18next";

export function Pagination({ page, pageCount, onPage }: { page: number; pageCount: number; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  const btn = "rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40";
  return (
    <nav aria-label={t("home.pages")} className="flex items-center justify-center gap-3">
      <button type="button" className={btn} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t("home.previous")}
      </button>
      <span className="text-sm text-slate-600">
        {t("home.pageOf", { page, count: pageCount })}
      </span>
      <button type="button" className={btn} disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        {t("home.next")}
      </button>
    </nav>
  );
}

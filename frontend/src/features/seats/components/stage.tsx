import { useTranslation } from "react-i18next";

/** The stage, drawn in front of the first row. */
export function Stage() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto mb-6 w-4/5 rounded-b-[2rem] border-t-4 border-slate-500 bg-gradient-to-b from-slate-300 to-slate-100 py-1 text-center text-xs font-bold tracking-[0.5em] text-slate-700">
      {t("seat.stage")}
    </div>
  );
}

import { useTranslation } from "react-i18next";
import { LANGUAGE_STORAGE_KEY, currentLanguage } from "@/lib/i18n";

/** 한국어 ⇄ English. The choice is remembered in this browser and wins over its language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = currentLanguage() === "ko" ? "en" : "ko";
  return (
    <button
      type="button"
      lang={next}
      className="min-h-9 rounded-lg border border-slate-300 px-3 py-1.5 text-sm font-semibold text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-purple-600"
      aria-label={t("app.switchLanguage")}
      onClick={() => {
        try {
          localStorage.setItem(LANGUAGE_STORAGE_KEY, next);
        } catch {
          // private mode without storage: the switch still works for this visit
        }
        void i18n.changeLanguage(next);
      }}
    >
      {t("app.otherLanguage")}
    </button>
  );
}

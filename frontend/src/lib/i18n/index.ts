// The SPA's languages: Korean first (the audience reads Korean), English by choice. i18next
// picks the language the visitor chose last (kept in localStorage), else the browser's when it
// is English, else Korean; <html lang> follows the language in use.
import i18n from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { ko } from "./ko";

export const languages = ["ko", "en"] as const;
export type Language = (typeof languages)[number];
export const LANGUAGE_STORAGE_KEY = "podo.language";

export function currentLanguage(): Language {
  return i18n.resolvedLanguage === "en" ? "en" : "ko";
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { ko: { translation: ko }, en: { translation: en } },
    supportedLngs: languages,
    nonExplicitSupportedLngs: true,
    fallbackLng: "ko",
    load: "languageOnly",
    detection: {
      order: ["localStorage", "navigator"],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      // Only an explicit choice is remembered (see LanguageSwitch), not what the browser said.
      caches: [],
    },
    interpolation: { escapeValue: false },
    returnNull: false,
  });

function setDocumentLanguage() {
  if (typeof document !== "undefined") document.documentElement.lang = currentLanguage();
}
setDocumentLanguage();
i18n.on("languageChanged", setDocumentLanguage);

export default i18n;

// What each page tells the browser and assistive technology: its title, and where focus goes
// after a route change (the new page's main heading, as a screen reader user would expect).
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** Sets document.title to "<title> · Podo" while the page is shown. */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  const app = t("app.name");
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}

/** The id of every page's main heading, which receives focus after navigation. */
export const PAGE_HEADING_ID = "page-heading";

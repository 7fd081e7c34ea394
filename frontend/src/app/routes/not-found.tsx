import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { PAGE_HEADING_ID, usePageTitle } from "@/lib/page";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <div className="py-16 text-center">
      <h1 id={PAGE_HEADING_ID} tabIndex={-1} className="text-2xl font-bold outline-none">
        {t("notFound.title")}
      </h1>
      <Link to="/" className="mt-4 inline-block font-semibold text-purple-800 underline">
        {t("notFound.back")}
      </Link>
    </div>
  );
}

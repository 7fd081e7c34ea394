import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Spinner } from "./button";

/** Shown while something loads; announced to screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="flex items-center justify-center gap-3 py-12 text-slate-500">
      <Spinner />
      <span>{label ?? t("app.loading")}</span>
    </div>
  );
}

/** An error the user must see, with the server's message and an optional way to try again. */
export function ErrorMessage({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-rose-800">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="font-semibold underline" onClick={onRetry}>
          {t("app.tryAgain")}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="rounded-xl border border-dashed border-slate-300 px-6 py-12 text-center text-slate-500">{children}</div>;
}

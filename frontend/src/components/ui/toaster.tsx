import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Kind = "success" | "error" | "info";
type Toast = { id: number; kind: Kind; message: string };
type Notify = (kind: Kind, message: string) => void;

const ToastContext = createContext<{ notify: Notify; clear: () => void } | null>(null);

const styles: Record<Kind, string> = {
  success: "border-emerald-300 bg-emerald-50 text-emerald-900",
  error: "border-rose-300 bg-rose-50 text-rose-900",
  info: "border-slate-300 bg-white text-slate-900",
};

/** How long a message stays; errors stay longer because they ask the user to act. */
const lifetime: Record<Kind, number> = { success: 5000, info: 6000, error: 10000 };

/** Messages about what just happened (booked, cancelled, refused), shown and announced. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, message) => {
      const id = next.current++;
      // The same message twice in a row (e.g. two refused clicks) is shown once.
      setToasts((all) => [...all.filter((t) => t.message !== message), { id, kind, message }]);
      window.setTimeout(() => dismiss(id), lifetime[kind]);
    },
    [dismiss],
  );
  // Messages about a page or a session that has gone would only mislead (e.g. "Log in to choose
  // seats." after logging in), so a new page or session clears them.
  const clear = useCallback(() => setToasts([]), []);
  const value = useMemo(() => ({ notify, clear }), [notify, clear]);
  const { t: tr } = useTranslation();

  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-4 z-[60] flex flex-col items-center gap-2 px-4 sm:bottom-auto sm:top-20 sm:right-4 sm:left-auto sm:items-end">
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.kind === "error" ? "alert" : "status"}
            className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${styles[t.kind]}`}
          >
            <span className="flex-1">{t.message}</span>
            <button type="button" aria-label={tr("app.dismiss")} className="font-bold opacity-60 hover:opacity-100" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error("useToast needs a ToastProvider");
  return ctx.notify;
}

/** Removes every message on screen. */
export function useClearToasts(): () => void {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error("useClearToasts needs a ToastProvider");
  return ctx.clear;
}

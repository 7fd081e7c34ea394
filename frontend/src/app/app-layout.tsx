import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, useLocation } from "react-router-dom";
import { useClearToasts } from "@/components/ui/toaster";
import { useUser } from "@/features/auth/api/get-user";
import { LoginButton } from "@/features/auth/components/login-button";
import { UserMenu } from "@/features/auth/components/user-menu";
import { useLoginMessages } from "@/features/auth/login-popup";
import { PAGE_HEADING_ID } from "@/lib/page";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { Logo } from "@/components/layout/logo";

const tab = ({ isActive }: { isActive: boolean }) =>
  `rounded-lg px-3 py-2 text-sm font-semibold ${isActive ? "bg-purple-50 text-purple-800" : "text-slate-700 hover:bg-slate-100"}`;

/**
 * After a route change (not the first load), focus goes to the new page's main heading and the
 * last page's messages are cleared, so neither a screen reader nor a stale toast is left behind.
 */
function useRouteChange() {
  const { pathname } = useLocation();
  const clearToasts = useClearToasts();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    clearToasts();
    // The page may still be loading; its heading appears a moment later.
    let tries = 0;
    const timer = window.setInterval(() => {
      const heading = document.getElementById(PAGE_HEADING_ID);
      if (heading || ++tries > 40) {
        window.clearInterval(timer);
        heading?.focus({ preventScroll: false });
      }
    }, 50);
    return () => window.clearInterval(timer);
  }, [pathname, clearToasts]);
}

/** Header (logo, tabs, language, sign-in) and the page under it. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  useLoginMessages();
  useRouteChange();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-[70] focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:font-semibold focus:text-purple-800 focus:shadow"
      >
        {t("app.skipToContent")}
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex min-h-16 max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 text-xl font-extrabold tracking-tight text-purple-700">
            <Logo />
            {t("app.name")}
          </Link>
          {user.data && (
            <nav aria-label={t("app.mainNav")} className="order-last flex w-full gap-1 sm:order-none sm:w-auto">
              <NavLink to="/" end className={tab}>
                {t("app.shows")}
              </NavLink>
              <NavLink to="/reservations" className={tab}>
                {t("app.myReservations")}
              </NavLink>
            </nav>
          )}
          <div className="ml-auto flex items-center gap-2">
            <LanguageSwitch />
            {/* The sign-in area keeps its width while the session loads, so nothing moves. */}
            <div className="flex min-w-20 justify-end">{user.isPending ? null : user.data ? <UserMenu user={user.data} /> : <LoginButton />}</div>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 pb-28 lg:pb-6">
        {children}
      </main>
    </div>
  );
}

import type { ReactNode } from "react";
import { Link, NavLink } from "react-router-dom";
import { useLoginMessages, useUser } from "@/features/auth/api/auth";
import { LoginButton } from "@/features/auth/components/login-button";
import { UserMenu } from "@/features/auth/components/user-menu";
import { Logo } from "./logo";

const tab = ({ isActive }: { isActive: boolean }) =>
  `rounded-lg px-3 py-2 text-sm font-semibold ${isActive ? "bg-purple-50 text-purple-700" : "text-slate-600 hover:bg-slate-100"}`;

/** Header (logo, tabs, sign-in) and the page under it. */
export function AppLayout({ children }: { children: ReactNode }) {
  const user = useUser();
  useLoginMessages();
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 text-xl font-extrabold tracking-tight text-purple-700">
            <Logo />
            Podo
          </Link>
          {user.data && (
            <nav aria-label="Main" className="order-last flex w-full gap-1 sm:order-none sm:w-auto">
              <NavLink to="/" end className={tab}>
                Shows
              </NavLink>
              <NavLink to="/reservations" className={tab}>
                My Reservations
              </NavLink>
            </nav>
          )}
          <div className="ml-auto">{user.isPending ? null : user.data ? <UserMenu user={user.data} /> : <LoginButton />}</div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </div>
  );
}

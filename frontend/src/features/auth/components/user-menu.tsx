import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/api-client";
import type { User } from "@/types/api";
import { useLogout } from "../api/logout";

export function UserMenu({ user }: { user: User }) {
  const logout = useLogout();
  const notify = useToast();
  const { t } = useTranslation();
  return (
    <div className="flex items-center gap-3">
      <span className="max-w-[9rem] truncate text-sm font-medium text-slate-700" title={user.email ?? user.name}>
        {user.name}
      </span>
      <Button
        variant="secondary"
        busy={logout.isPending}
        onClick={() =>
          logout.mutate(undefined, {
            onSuccess: () => notify("info", t("auth.loggedOut")),
            onError: (err) => notify("error", errorMessage(err)),
          })
        }
      >
        {t("auth.logout")}
      </Button>
    </div>
  );
}

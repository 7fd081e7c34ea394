import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useClearToasts, useToast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/api-client";
import { useAuthConfig } from "../api/get-auth-config";
import { useDevLogin } from "../api/dev-login";
import { openGoogleLogin } from "../login-popup";

/**
 * The header's Login. With only Google enabled it opens the Google popup; with the development
 * login enabled it asks for a name (and offers Google beside it when that is enabled too).
 */
export function LoginButton() {
  const config = useAuthConfig();
  const notify = useToast();
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);

  const google = config.data?.google ?? false;
  const devLogin = config.data?.devLogin ?? false;

  function startGoogle() {
    if (!openGoogleLogin()) notify("error", t("auth.popupBlocked"));
    setOpen(false);
  }

  function onClick() {
    if (devLogin) setOpen(true);
    else if (google) startGoogle();
    else notify("error", config.isError ? errorMessage(config.error) : t("auth.unavailable"));
  }

  return (
    <>
      <Button onClick={onClick} disabled={config.isPending}>
        {t("auth.login")}
      </Button>
      <DevLoginDialog open={open} onClose={() => setOpen(false)} onGoogle={google ? startGoogle : undefined} />
    </>
  );
}

function DevLoginDialog({ open, onClose, onGoogle }: { open: boolean; onClose: () => void; onGoogle?: () => void }) {
  const [name, setName] = useState("");
  const login = useDevLogin();
  const notify = useToast();
  const clearToasts = useClearToasts();
  const { t } = useTranslation();

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    login.mutate(trimmed, {
      onSuccess: ({ user }) => {
        // What was said to the signed-out visitor ("log in to choose seats") no longer holds.
        clearToasts();
        notify("success", t("auth.welcome", { name: user.name }));
        setName("");
        onClose();
      },
    });
  }

  return (
    <Dialog open={open} title={t("auth.loginTitle")} onClose={onClose} busy={login.isPending}>
      <form onSubmit={submit} className="space-y-4">
        <p className="text-sm text-slate-600">{t("auth.devHint")}</p>
        <label className="block text-sm font-medium text-slate-700">
          {t("auth.name")}
          <input
            data-autofocus
            className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-base focus:border-purple-500 focus:outline-2 focus:outline-purple-200"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={40}
            autoComplete="nickname"
            required
          />
        </label>
        {login.isError && (
          <p role="alert" className="text-sm text-rose-700">
            {errorMessage(login.error)}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-3">
          {onGoogle && (
            <Button variant="secondary" onClick={onGoogle} className="mr-auto">
              {t("auth.google")}
            </Button>
          )}
          <Button variant="secondary" onClick={onClose} disabled={login.isPending}>
            {t("auth.cancel")}
          </Button>
          <Button type="submit" busy={login.isPending}>
            {t("auth.submit")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

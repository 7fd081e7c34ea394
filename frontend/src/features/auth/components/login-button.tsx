import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/api-client";
import { openGoogleLogin, useAuthConfig, useDevLogin } from "../api/auth";

/**
 * The header's Login. With only Google enabled it opens the Google popup; with the development
 * login enabled it asks for a name (and offers Google beside it when that is enabled too).
 */
export function LoginButton() {
  const config = useAuthConfig();
  const notify = useToast();
  const [open, setOpen] = useState(false);

  const google = config.data?.google ?? false;
  const devLogin = config.data?.devLogin ?? false;

  function startGoogle() {
    if (!openGoogleLogin()) notify("error", "Your browser blocked the sign-in window. Allow pop-ups for this site and try again.");
    setOpen(false);
  }

  function onClick() {
    if (devLogin) setOpen(true);
    else if (google) startGoogle();
    else notify("error", config.isError ? errorMessage(config.error) : "Sign-in is not available right now.");
  }

  return (
    <>
      <Button onClick={onClick} disabled={config.isPending}>
        Login
      </Button>
      <DevLoginDialog open={open} onClose={() => setOpen(false)} onGoogle={google ? startGoogle : undefined} />
    </>
  );
}

function DevLoginDialog({ open, onClose, onGoogle }: { open: boolean; onClose: () => void; onGoogle?: () => void }) {
  const [name, setName] = useState("");
  const login = useDevLogin();
  const notify = useToast();

  function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    login.mutate(trimmed, {
      onSuccess: ({ user }) => {
        notify("success", `Welcome, ${user.name}!`);
        setName("");
        onClose();
      },
    });
  }

  return (
    <Dialog open={open} title="Log in" onClose={onClose} busy={login.isPending}>
      <form onSubmit={submit} className="space-y-4">
        <p className="text-sm text-slate-600">Development sign-in: pick any name.</p>
        <label className="block text-sm font-medium text-slate-700">
          Name
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
              Continue with Google
            </Button>
          )}
          <Button variant="secondary" onClick={onClose} disabled={login.isPending}>
            Cancel
          </Button>
          <Button type="submit" busy={login.isPending}>
            Log in
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

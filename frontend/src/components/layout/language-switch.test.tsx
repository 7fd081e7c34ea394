import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { LANGUAGE_STORAGE_KEY } from "@/lib/i18n";
import { LanguageSwitch } from "./language-switch";

describe("LanguageSwitch", () => {
  it("switches to English and back, sets <html lang> and remembers the choice", async () => {
    const user = userEvent.setup();
    render(<LanguageSwitch />);
    expect(document.documentElement.lang).toBe("ko");

    await user.click(screen.getByRole("button", { name: "Switch to English" }));
    expect(document.documentElement.lang).toBe("en");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");

    await user.click(screen.getByRole("button", { name: "한국어로 보기" }));
    expect(document.documentElement.lang).toBe("ko");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("ko");
  });
});

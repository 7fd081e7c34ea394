import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import i18n from "@/lib/i18n";

// Korean is the first language: every test starts in it; a test of the English pages switches.
beforeEach(async () => {
  await i18n.changeLanguage("ko");
});
afterEach(() => cleanup());

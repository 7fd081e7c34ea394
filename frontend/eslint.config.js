// ESLint for the SPA: the recommended JavaScript, TypeScript and React-hooks rules, and the
// layering bulletproof-react keeps. Features never import each other; a page in src/app puts them
// together. Shared code (components, lib, types, testing) imports no feature and nothing of app.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const features = ["auth", "reservations", "seats", "shows", "waitroom"];

/** Imports a file in one feature may not make: any other feature. */
const otherFeatures = (feature) => ({
  group: ["@/features/*", "**/features/*", `!@/features/${feature}`, `!@/features/${feature}/**`],
  message: `Features do not import each other; put the two together in a page under src/app, or move what both need to src/lib or src/components.`,
});

// A relative path out of the feature (into a sibling feature) is refused too: within a feature
// relative paths go at most one folder up (components -> api), anything else is imported by "@/".
const leavesFeature = (depth) => ({
  group: [`${"../".repeat(depth)}*`],
  message: 'This relative path leaves the feature; import shared code by "@/".',
});

const sharedRule = {
  group: ["@/features/**", "@/app/**", "**/features/**", "**/app/**"],
  message: "Shared code (components, lib, types, testing) must not depend on a feature or on the app.",
};

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/types/openapi.ts", "test-results"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    // The two classic hook rules; the React Compiler's rules (v7's recommended set) refuse the
    // latest-value ref the seat grid and the event stream rely on, and the SPA is not compiled.
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...features.flatMap((feature) => [
    {
      files: [`src/features/${feature}/**`],
      rules: {
        "no-restricted-imports": [
          "error",
          { patterns: [otherFeatures(feature), leavesFeature(2), { group: ["@/app/**"], message: "Features do not import the app." }] },
        ],
      },
    },
    {
      files: [`src/features/${feature}/*`],
      rules: { "no-restricted-imports": ["error", { patterns: [otherFeatures(feature), leavesFeature(1), { group: ["@/app/**"], message: "Features do not import the app." }] }] },
    },
    // A feature's tests may render it inside the app's providers.
    {
      files: [`src/features/${feature}/**/*.test.{ts,tsx}`],
      rules: { "no-restricted-imports": ["error", { patterns: [otherFeatures(feature), leavesFeature(2)] }] },
    },
  ]),
  {
    files: ["src/components/**", "src/lib/**", "src/types/**", "src/testing/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [sharedRule] }] },
  },
);

/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the booking API lives; empty (the default) means the origin that served the SPA. */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}

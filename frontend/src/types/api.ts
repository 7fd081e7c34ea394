// The booking API's wire types by name. They are generated from app/http/openapi.yaml into
// ./openapi.ts (`npm run api-types`; `make test-frontend` fails when that file is stale), and the
// service's tests check its real answers against the same document, so a field renamed in Go
// without the document, or in the document without Go, fails a test on one side or the other.
import type { components, paths } from "./openapi";

type Schemas = components["schemas"];

export type User = Schemas["User"];
export type Role = User["role"];
export type Session = Schemas["Session"];
export type AuthConfig = Schemas["AuthConfig"];

export type Show = Schemas["Show"];
export type LineStatus = Schemas["LineStatus"];
export type Ticket = Schemas["Ticket"];
export type ShowBrief = Schemas["ShowBrief"];
export type ShowPage = Schemas["ShowPage"];
export type ShowList = Schemas["ShowList"];
export type ShowSort = NonNullable<NonNullable<paths["/api/shows"]["get"]["parameters"]["query"]>["sort"]>;

/** A small hall is one grid (rows, columns); a big one is sections, each its own grid, and has no rows. */
export type SeatMap = Schemas["SeatMap"];
export type SeatSection = Schemas["SeatSection"];
/** "A1" in a small hall; "1F-B-7-12" (floor, section, row, number) in a big one (see lib/seat-name). */
export type Seat = Schemas["Seat"];
export type SeatStatus = Seat["status"];
/** Seat grades as Korean musicals sell them, best first. */
export type SeatGrade = NonNullable<Seat["grade"]>;
export type SeatEvent = Schemas["SeatEvent"];
export type Hold = Schemas["Hold"];

export type Reservation = Schemas["Reservation"];
export type ReservationList = Schemas["ReservationList"];

/** The one error shape every failed call answers with. */
export type ErrorBody = Schemas["Error"];

import { createBrowserRouter, Outlet } from "react-router-dom";
import { AppLayout } from "./app-layout";
import { HomePage } from "./routes/home";
import { NotFoundPage } from "./routes/not-found";
import { MyReservationsPage } from "./routes/reservations";
import { ShowPage } from "./routes/show";

export function createRouter() {
  return createBrowserRouter([
    {
      element: (
        <AppLayout>
          <Outlet />
        </AppLayout>
      ),
      children: [
        { path: "/", element: <HomePage /> },
        { path: "/shows/:showId", element: <ShowPage /> },
        { path: "/reservations", element: <MyReservationsPage /> },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);
}

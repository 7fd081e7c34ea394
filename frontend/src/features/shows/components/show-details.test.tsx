import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { aHallOfSections, aSeatMap, aShow } from "@/testing/fixtures";
import { ShowDetails } from "./show-details";

describe("ShowDetails", () => {
  it("puts the poster, when, where, how long, the grades with their prices and what it is about before the seat map", () => {
    const map = aHallOfSections();
    const { container } = render(<ShowDetails show={aShow({ description: "혁명과 구원의 대서사시." })} seats={map.seats} sections={map.sections} seatsLeft={13} />);
    expect(container.querySelector("img")).toHaveAttribute("src", expect.stringContaining("/api/shows/7/poster.svg"));
    expect(screen.getByRole("heading", { level: 1, name: "Les Misérables" })).toBeInTheDocument();
    expect(screen.getByText("일시").nextElementSibling).toHaveTextContent("2030.12.01 (일) · 19:00 – 21:30");
    expect(screen.getByText("공연장").nextElementSibling).toHaveTextContent("Blue Square · 2개 층, 19석");
    expect(screen.getByText("관람 시간").nextElementSibling).toHaveTextContent("150분");
    expect(screen.getByTestId("show-grades")).toHaveTextContent("VIP석 170,000원R석 140,000원S석 110,000원");
    expect(screen.getByRole("region", { name: "공연 소개" })).toHaveTextContent("혁명과 구원의 대서사시.");
    expect(screen.getByTestId("seats-left")).toHaveTextContent("잔여 13석");
  });

  it("says nothing of floors for a small hall, and writes big counts as Korean sites do", () => {
    const map = aSeatMap();
    render(<ShowDetails show={aShow()} seats={map.seats} sections={map.sections} seatsLeft={1766} />);
    expect(screen.getByText("공연장").nextElementSibling).toHaveTextContent(/^Blue Square$/);
    expect(screen.getByTestId("seats-left")).toHaveTextContent("잔여 1,766석");
  });
});

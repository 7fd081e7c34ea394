package mysql

import (
	"context"
	"strconv"
	"time"

	"github.com/podo-tickets/podo/app"
)

// demoShows are the original's six musicals, with their venues, times and prices.
var demoShows = []podo.ShowInput{
	{Title: "레미제라블", StartTime: "18:00", EndTime: "20:50", Price: 120000, Venue: "샤롯데씨어터",
		Description: "빅토르 위고의 소설을 바탕으로 한 혁명과 구원의 대서사시."},
	{Title: "위키드", StartTime: "19:00", EndTime: "21:30", Price: 130000, Venue: blueSquare,
		Description: "오즈의 마법사 이전, 두 마녀의 우정에 관한 이야기."},
	{Title: "지킬앤하이드", StartTime: "17:00", EndTime: "19:30", Price: 110000, Venue: "디큐브아트센터",
		Description: "선과 악, 한 사람 안의 두 얼굴을 그린 스릴러 뮤지컬."},
	{Title: "헤드윅", StartTime: "20:00", EndTime: "21:50", Price: 90000, Venue: "홍익대 대학로 아트센터",
		Description: "동베를린에서 온 록 가수 헤드윅의 사랑과 정체성의 노래."},
	{Title: "라이온 킹", StartTime: "15:00", EndTime: "17:30", Price: 140000, Venue: "예술의전당 오페라극장",
		Description: "프라이드 랜드의 어린 사자 심바가 왕이 되기까지."},
	{Title: "팬텀", StartTime: "19:30", EndTime: "22:00", Price: 125000, Venue: "세종문화회관 대극장",
		Description: "파리 오페라 하우스 지하에 숨어 사는 천재 음악가의 사랑."},
}

// SeedDemo adds the demo shows, dated from today on, unless a show of the same
// title exists already, so running it again changes nothing.
func (db *DB) SeedDemo(ctx context.Context, today time.Time) (added int, err error) {
	for i, in := range demoShows {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM shows WHERE title = ?", in.Title).Scan(&n); err != nil {
			return added, err
		}
		if n > 0 {
			continue
		}
		in.Date = today.AddDate(0, 0, 7+i).Format(time.DateOnly)
		hall := gradedHall(in.Price)
		if in.Venue == blueSquare {
			hall = blueSquareHall(in.Price)
		}
		in.Layout = &hall
		if _, err := db.CreateShow(ctx, in); err != nil {
			return added, err
		}
		added++
	}
	return added, nil
}

const blueSquare = "블루스퀘어 신한카드홀"

// gradedHall is the original's 140-seat hall sold as Korean musicals sell theirs: rows A–B VIP,
// C–E R (the show's price), F–H S and I–J A, each grade priced from the show's price.
func gradedHall(price int64) podo.Layout {
	l := podo.DefaultLayout()
	l.Grades = gradePrices(price)
	for i := range l.Rows {
		l.Rows[i].Grade = []podo.Grade{podo.GradeVIP, podo.GradeVIP, podo.GradeR, podo.GradeR, podo.GradeR,
			podo.GradeS, podo.GradeS, podo.GradeS, podo.GradeA, podo.GradeA}[i]
	}
	return l
}

// gradePrices prices the grades from the show's price: VIP 1.4 times, R the price, S three
// quarters and A half, in round 10,000원.
func gradePrices(price int64) []podo.GradePrice {
	round := func(p int64) int64 { return (p + 5000) / 10000 * 10000 }
	return []podo.GradePrice{
		{Grade: podo.GradeVIP, Price: round(price * 14 / 10)},
		{Grade: podo.GradeR, Price: price},
		{Grade: podo.GradeS, Price: round(price * 3 / 4)},
		{Grade: podo.GradeA, Price: round(price / 2)},
	}
}

// blueSquareHall is a hall the size of Blue Square's Shinhan Card Hall: 1,766 seats on three
// floors, each floor's sections A, B and C from the stage's left to its right, rows numbered
// from the front. The side sections widen towards the back. VIP is the middle of the first
// floor's front; A is the top floor.
func blueSquareHall(price int64) podo.Layout {
	type floor struct {
		rows   int
		middle int   // seats in each row of section B
		sides  []int // seats in each row of sections A and C, front first
		grade  func(section string, row int) podo.Grade
	}
	widening := func(rows, first, every int) []int {
		w := make([]int, rows)
		for r := range w {
			w[r] = first + r/every
		}
		return w
	}
	floors := []floor{
		{rows: 20, middle: 20, sides: widening(20, 8, 4), grade: func(sec string, row int) podo.Grade {
			switch {
			case sec == "B" && row <= 14:
				return podo.GradeVIP
			case sec == "B" || row <= 12:
				return podo.GradeR
			}
			return podo.GradeS
		}},
		{rows: 12, middle: 22, sides: widening(12, 10, 3), grade: func(sec string, row int) podo.Grade {
			switch {
			case sec == "B" && row <= 6:
				return podo.GradeR
			case sec == "B" || row <= 6:
				return podo.GradeS
			}
			return podo.GradeA
		}},
		{rows: 10, middle: 21, sides: []int{10, 10, 10, 11, 11, 11, 11, 11, 11, 12}, grade: func(string, int) podo.Grade { return podo.GradeA }},
	}
	l := podo.Layout{Grades: gradePrices(price)}
	for f, fl := range floors {
		for _, name := range []string{"A", "B", "C"} {
			sec := podo.LayoutSection{Floor: f + 1, Name: name}
			for r := range fl.rows {
				seats := fl.middle
				if name != "B" {
					seats = fl.sides[r]
				}
				sec.Rows = append(sec.Rows, podo.LayoutRow{Label: strconv.Itoa(r + 1), Seats: seats, Grade: fl.grade(name, r+1)})
			}
			l.Sections = append(l.Sections, sec)
		}
	}
	return l
}

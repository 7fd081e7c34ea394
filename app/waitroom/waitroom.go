// Package waitroom runs the waiting rooms of on-sales: a fair place in a
// show's line for everyone, admission at the pace the booking path can serve,
// and the signed passes that hold and reserve ask for while a room is on. The
// line lives in Redis, so every replica sees one line and a restart loses no
// place; when Redis is down nobody new is let through, and those already
// admitted keep booking on their signed pass through MySQL.
package waitroom

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/metrics"
	"github.com/podo-tickets/podo/app/redis"
)

// DB is what the waiting room needs of MySQL (*mysql.DB).
type DB interface {
	SaleSettings(ctx context.Context, showID int64) (podo.SaleSettings, error)
	SetSaleSettings(ctx context.Context, showID int64, s podo.SaleSettings) error
	LineShows(ctx context.Context) ([]podo.Show, error)
}

// Lines is what the waiting room needs of Redis (*redis.Client).
type Lines interface {
	JoinLine(ctx context.Context, showID, userID int64, drawAt time.Time, again bool) (redis.LineTicket, error)
	TickLine(ctx context.Context, showID int64, drawAt time.Time, rate float64, cap int, passTTL time.Duration, soldOut bool) (redis.LineState, error)
	LineStatus(ctx context.Context, showID int64) (redis.LineState, error)
	PassLive(ctx context.Context, showID, userID int64) (bool, error)
	EndPass(ctx context.Context, showID, userID int64) error
}

// Passes signs and checks passes (*auth.Passes).
type Passes interface {
	Issue(userID, showID int64, exp time.Time) (string, error)
	Check(token string, userID, showID int64) error
}

// Options tune the waiting rooms.
type Options struct {
	Rate    float64       // users let through a second, per show
	Cap     int           // live passes per show at most
	PassTTL time.Duration // a pass's lifetime
	Grace   time.Duration // arrivals up to this long after opening still get a random place
}

// How long a replica trusts what it read: a show's sale settings, and the
// line document every waiting client polls. The document's age seen by a
// client is at most statusFor plus the CDN's second.
const (
	settingsFor = time.Second
	statusFor   = 250 * time.Millisecond
	tickEvery   = 250 * time.Millisecond
)

// Service implements podo.LineService.
type Service struct {
	db      DB
	lines   Lines
	passes  Passes
	metrics *metrics.Metrics
	opt     Options

	flight   singleflight.Group
	mu       sync.Mutex
	settings map[int64]cached[podo.SaleSettings]
	statuses map[int64]cached[podo.LineStatus]
}

type cached[V any] struct {
	v   V
	exp time.Time
}

// New returns the waiting rooms over MySQL and Redis.
func New(db DB, lines Lines, passes Passes, m *metrics.Metrics, opt Options) *Service {
	return &Service{db: db, lines: lines, passes: passes, metrics: m, opt: opt,
		settings: map[int64]cached[podo.SaleSettings]{}, statuses: map[int64]cached[podo.LineStatus]{}}
}

// drawAt is when the places of the show's early arrivals are drawn: a few
// seconds after the sale opens. A show with no opening time draws at once, so
// its line is in arrival order.
func (s *Service) drawAt(ss podo.SaleSettings) time.Time {
	if ss.SaleOpensAt == nil {
		return time.Time{}
	}
	return ss.SaleOpensAt.Add(s.opt.Grace)
}

func (s *Service) sale(ctx context.Context, showID int64) (podo.SaleSettings, error) {
	s.mu.Lock()
	c, ok := s.settings[showID]
	s.mu.Unlock()
	if ok && time.Now().Before(c.exp) {
		return c.v, nil
	}
	v, err, _ := s.flight.Do("sale:"+strconv.FormatInt(showID, 10), func() (any, error) {
		return s.db.SaleSettings(context.WithoutCancel(ctx), showID)
	})
	if err != nil {
		return podo.SaleSettings{}, err
	}
	ss := v.(podo.SaleSettings)
	s.mu.Lock()
	s.settings[showID] = cached[podo.SaleSettings]{ss, time.Now().Add(settingsFor)}
	s.mu.Unlock()
	return ss, nil
}

// Status returns the show's line document, the same for every client; a
// replica reads Redis for it at most four times a second, whatever the line's length.
func (s *Service) Status(ctx context.Context, showID int64) (podo.LineStatus, error) {
	s.mu.Lock()
	c, ok := s.statuses[showID]
	s.mu.Unlock()
	if ok && time.Now().Before(c.exp) {
		return c.v, nil
	}
	v, err, _ := s.flight.Do("status:"+strconv.FormatInt(showID, 10), func() (any, error) {
		return s.status(context.WithoutCancel(ctx), showID)
	})
	if err != nil {
		return podo.LineStatus{}, err
	}
	st := v.(podo.LineStatus)
	s.mu.Lock()
	s.statuses[showID] = cached[podo.LineStatus]{st, time.Now().Add(statusFor)}
	s.mu.Unlock()
	return st, nil
}

func (s *Service) status(ctx context.Context, showID int64) (podo.LineStatus, error) {
	ss, err := s.sale(ctx, showID)
	if err != nil {
		return podo.LineStatus{}, err
	}
	st := podo.LineStatus{ShowID: showID, WaitingRoom: ss.WaitingRoom, SaleOpensAt: ss.SaleOpensAt, Rate: s.opt.Rate, At: time.Now().UTC()}
	if at := s.drawAt(ss); !at.IsZero() {
		st.DrawAt = &at
	}
	if !ss.WaitingRoom {
		return st, nil
	}
	ls, err := s.lines.LineStatus(ctx, showID)
	if errors.Is(err, redis.ErrDown) {
		st.Paused = true
		return st, nil
	} else if err != nil {
		return st, err
	}
	st.Drawn, st.AdmittedUpTo, st.Joined, st.SoldOut = ls.Drawn, ls.Admitted, ls.Places+ls.Early, ls.SoldOut
	return st, nil
}

// Join gives the user a place in the show's line or returns theirs; again
// sends a user whose pass ended to the back of the line for a new one.
func (s *Service) Join(ctx context.Context, showID, userID int64, again bool) (podo.Ticket, error) {
	t := podo.Ticket{ShowID: showID}
	ss, err := s.sale(ctx, showID)
	if err != nil {
		return t, err
	}
	if !ss.WaitingRoom {
		return t, podo.Errorf(podo.EConflict, "This show has no waiting room: go straight to the seats.")
	}
	lt, err := s.lines.JoinLine(ctx, showID, userID, s.drawAt(ss), again)
	if errors.Is(err, redis.ErrDown) {
		return t, podo.Errorf(podo.EUnavailable, "The waiting room cannot let anyone through right now. Nobody loses their place; this page keeps trying.")
	} else if err != nil {
		return t, err
	}
	t.Place, t.SoldOut = lt.Place, lt.SoldOut
	if !lt.DrawAt.IsZero() && lt.Place == 0 {
		t.DrawAt = &lt.DrawAt
	}
	switch {
	case !lt.PassExpiry.IsZero():
		tok, err := s.passes.Issue(userID, showID, lt.PassExpiry)
		if err != nil {
			return t, err
		}
		t.Pass = &podo.Pass{Token: tok, ExpiresAt: lt.PassExpiry.UTC()}
		if lt.FirstClaim {
			s.metrics.LineWait.Observe(time.Since(lt.JoinedAt).Seconds())
		}
	case lt.Place > 0 && lt.Place <= lt.Admitted:
		t.Ended = true
	}
	return t, nil
}

// Admit refuses a hold or a booking before the sale opens and, while the
// show's waiting room is on, without a good pass. With Redis down a signed,
// unexpired pass is enough: admitted users keep booking through MySQL.
func (s *Service) Admit(ctx context.Context, showID, userID int64, pass string) error {
	ss, err := s.sale(ctx, showID)
	if err != nil {
		return err
	}
	if err := ss.CheckSaleOpen(time.Now()); err != nil {
		return err
	}
	if !ss.WaitingRoom {
		return nil
	}
	if err := s.passes.Check(pass, userID, showID); err != nil {
		return err
	}
	live, err := s.lines.PassLive(ctx, showID, userID)
	if err == nil && !live {
		return podo.Errorf(podo.EPassEnded, "Your waiting-room pass has ended (used for a booking, or its time ran out). Join the line again.")
	}
	return nil
}

// Done ends the user's pass after a booking, so its slot goes to the next in line.
func (s *Service) Done(ctx context.Context, showID, userID int64) {
	if ss, err := s.sale(ctx, showID); err != nil || !ss.WaitingRoom {
		return
	}
	_ = s.lines.EndPass(context.WithoutCancel(ctx), showID, userID)
}

// SetSale changes when a show goes on sale and whether its waiting room is on.
func (s *Service) SetSale(ctx context.Context, showID int64, ss podo.SaleSettings) (podo.SaleSettings, error) {
	if ss.SaleOpensAt != nil {
		t := ss.SaleOpensAt.UTC().Truncate(time.Millisecond)
		ss.SaleOpensAt = &t
	}
	if err := s.db.SetSaleSettings(ctx, showID, ss); err != nil {
		return ss, err
	}
	s.mu.Lock()
	delete(s.settings, showID)
	delete(s.statuses, showID)
	s.mu.Unlock()
	return ss, nil
}

// Run moves every open line on, four times a second, until ctx ends. Every
// replica runs it; Redis keeps the pace, so more replicas admit no faster.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(tickEvery)
	defer t.Stop()
	var shows []podo.Show
	var listed time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Which rooms are on, and which shows sold out, is read from MySQL once a second.
		if time.Since(listed) >= time.Second {
			if l, err := s.db.LineShows(ctx); err == nil {
				shows, listed = l, time.Now()
			}
		}
		s.tick(ctx, shows)
	}
}

func (s *Service) tick(ctx context.Context, shows []podo.Show) {
	for _, sh := range shows {
		ls, err := s.lines.TickLine(ctx, sh.ID, s.drawAt(sh.SaleSettings), s.opt.Rate, s.opt.Cap, s.opt.PassTTL, sh.SoldOut)
		if err != nil {
			continue
		}
		id := strconv.FormatInt(sh.ID, 10)
		s.metrics.LineWaiting.WithLabelValues(id).Set(float64(ls.Waiting()))
		s.metrics.LineAdmissions.WithLabelValues(id).Add(float64(ls.Admits))
		s.metrics.LinePasses.WithLabelValues(id).Set(float64(ls.Active))
		s.metrics.LineIdlePasses.WithLabelValues(id).Set(float64(ls.Unclaimed))
		s.metrics.LineSeatsLeft.WithLabelValues(id).Set(float64(sh.SeatsLeft))
	}
}

var _ podo.LineService = (*Service)(nil)

package redis

import (
	"context"
	"encoding/json"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"

	"github.com/podo-tickets/podo/app"
)

// channel carries seat events between replicas. Pub/sub ignores SELECT, so the
// database number is part of the name and tests on other databases stay apart.
func (c *Client) channel() string { return c.key("podo:seat-events:" + strconv.Itoa(c.opt.DB)) }

// wireEvent is a seat event as it goes between replicas: with its buyer,
// which podo.SeatEvent never shows a browser. A replica that knows no buyer
// field reads the event without it.
type wireEvent struct {
	podo.SeatEvent
	Buyer int64 `json:"buyer,omitempty"`
}

func encodeEvent(ev podo.SeatEvent) []byte {
	b, _ := json.Marshal(wireEvent{SeatEvent: ev, Buyer: ev.Buyer})
	return b
}

func decodeEvent(b []byte) (podo.SeatEvent, error) {
	var w wireEvent
	err := json.Unmarshal(b, &w)
	w.SeatEvent.Buyer = w.Buyer
	return w.SeatEvent, err
}

// Publish sends a seat event to every replica, this one included.
func (c *Client) Publish(ctx context.Context, ev podo.SeatEvent) error {
	b := encodeEvent(ev)
	return c.do(ctx, "publish", func(ctx context.Context, cl rueidis.Client) error {
		return cl.Do(ctx, cl.B().Publish().Channel(c.channel()).Message(rueidis.BinaryString(b)).Build()).Error()
	})
}

// Subscription receives seat events from every replica.
type Subscription struct {
	c      *Client
	active atomic.Bool
}

// Subscribe returns a subscription; Run delivers its events.
func (c *Client) Subscribe() *Subscription { return &Subscription{c: c} }

// Active tells whether events are flowing now. While it is false, changes made
// by other replicas are not heard, and caches must not trust their freshness.
func (s *Subscription) Active() bool { return s.active.Load() }

// Run delivers events to onEvent until ctx ends, resubscribing after every
// loss. onResync is called each time a subscription starts, since events may
// have been missed while there was none.
func (s *Subscription) Run(ctx context.Context, onEvent func(podo.SeatEvent), onResync func()) {
	for ctx.Err() == nil {
		s.runOnce(ctx, onEvent, onResync)
		s.active.Store(false)
		select {
		case <-ctx.Done():
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func (s *Subscription) runOnce(ctx context.Context, onEvent func(podo.SeatEvent), onResync func()) {
	s.c.listen(ctx, s.c.channel(), func(msg string) {
		if ev, err := decodeEvent([]byte(msg)); err == nil {
			onEvent(ev)
		}
	}, func() {
		s.active.Store(true)
		onResync()
	})
}

// listen subscribes to channel on a connection of its own and hands every
// message to onMessage, calling onSubscribed once the subscription stands,
// until ctx ends or the subscription is lost.
func (c *Client) listen(ctx context.Context, channel string, onMessage func(string), onSubscribed func()) {
	cl, err := c.usable()
	if err != nil {
		return
	}
	dc, cancel := cl.Dedicate()
	defer cancel()
	wait := dc.SetPubSubHooks(rueidis.PubSubHooks{
		OnMessage: func(m rueidis.PubSubMessage) { onMessage(m.Message) },
		OnSubscription: func(sub rueidis.PubSubSubscription) {
			if sub.Kind == "subscribe" {
				onSubscribed()
			}
		},
	})
	if err := dc.Do(ctx, dc.B().Subscribe().Channel(channel).Build()).Error(); err != nil {
		return
	}
	// A dead connection is not always noticed by a blocked read, so the health
	// check's verdict ends the subscription too.
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait:
			return
		case <-t.C:
			if !c.Up() {
				return
			}
		}
	}
}

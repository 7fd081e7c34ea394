package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"sync"
)

// seatMaps decodes seat maps once per distinct body. In a sale thousands of
// users re-read the same seat map bytes (the service serves one cached body
// to all of them); decoding each copy was most of the tool's CPU, which it
// takes from the service it measures on the same cores. What a user sees is
// unchanged: the same bytes give the same seats. Results are shared and must
// not be modified.
type seatMaps struct {
	mu   sync.Mutex
	seen map[string]*decodedSeatMap
}

// decodedSeatMap is what a seat map body says, decoded once.
type decodedSeatMap struct {
	once  sync.Once
	ok    bool
	avail map[string][]string // free seats by row, in seat order
}

// available lists the free seats body (JSON, or JSON gzipped) shows by row;
// ok is false when body is not a seat map.
func (c *seatMaps) available(body []byte) (avail map[string][]string, ok bool) {
	c.mu.Lock()
	if c.seen == nil {
		c.seen = map[string]*decodedSeatMap{}
	}
	d := c.seen[string(body)] // the lookup does not copy body
	if d == nil {
		d = &decodedSeatMap{}
		c.seen[string(body)] = d
	}
	c.mu.Unlock()
	d.once.Do(func() {
		raw := body
		if bytes.HasPrefix(body, []byte{0x1f, 0x8b}) { // gzip
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				return
			}
			if raw, err = io.ReadAll(zr); err != nil {
				return
			}
		}
		var m seatMap
		if json.Unmarshal(raw, &m) != nil {
			return
		}
		d.ok, d.avail = true, m.available()
	})
	return d.avail, d.ok
}

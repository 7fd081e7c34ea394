package http

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// gzipped keeps the gzip of the last body served per key, so that a body
// served to thousands (a show's seat map, the same bytes until a seat
// changes) is compressed once, not once per request. A 140-seat map is 12 KB
// of JSON and 1 KB gzipped; a 3,000-seat hall's is 250 KB: the write of every
// answer, and a buyer's phone on a mobile network, carry a tenth. An entry
// keeps the body it was made from alive, so there are at most maxGzipped
// (the seat maps in memory are as many at most, see booking).
type gzipped struct {
	mu   sync.Mutex
	last map[int64]gzipEntry
}

const maxGzipped = 10000

type gzipEntry struct {
	of *byte // the first byte of the body it was made from: a cached body is never changed, only replaced
	n  int
	gz []byte
}

// of returns body gzipped, from the last one made for key when body is the same slice.
func (g *gzipped) of(key int64, body []byte) []byte {
	if len(body) == 0 {
		return nil
	}
	g.mu.Lock()
	e, ok := g.last[key]
	g.mu.Unlock()
	if ok && e.of == &body[0] && e.n == len(body) {
		return e.gz
	}
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(body)
	_ = zw.Close()
	gzipWriters.Put(zw)
	e = gzipEntry{of: &body[0], n: len(body), gz: buf.Bytes()}
	g.mu.Lock()
	if g.last == nil || len(g.last) >= maxGzipped {
		g.last = map[int64]gzipEntry{}
	}
	g.last[key] = e
	g.mu.Unlock()
	return e.gz
}

// gzipWriters are reused: a writer takes about a megabyte to make, and at an
// on-sale the seat map changes, and is compressed again, many times a second.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// acceptsGzip tells whether the client takes gzip (every browser does).
func acceptsGzip(r *http.Request) bool {
	for rest := r.Header.Get("Accept-Encoding"); rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			// A weight of 0 refuses it (RFC 9110, 12.4.2).
			name, v, _ := strings.Cut(strings.TrimSpace(params), "=")
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return !strings.EqualFold(strings.TrimSpace(name), "q") || err != nil || q > 0
		}
	}
	return false
}

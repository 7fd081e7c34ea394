package http

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestClientIPTrustsOnlyTheProxiesInFront(t *testing.T) {
	cases := []struct {
		name string
		hops int
		xff  []string
		want string
	}{
		{"no proxy: the header is the client's own words", 0, []string{"1.1.1.1"}, "10.0.0.9"},
		{"one proxy: the entry it appended", 1, []string{"6.6.6.6, 203.0.113.7"}, "203.0.113.7"},
		{"one proxy, forged line first", 1, []string{"6.6.6.6", "203.0.113.7"}, "203.0.113.7"},
		{"two proxies", 2, []string{"6.6.6.6, 203.0.113.7, 10.1.2.3"}, "203.0.113.7"},
		{"fewer entries than proxies: not through them", 2, []string{"203.0.113.7"}, "10.0.0.9"},
		{"not an address", 1, []string{strings.Repeat("x", 6000)}, "10.0.0.9"},
		{"IPv6 is normalised", 1, []string{"2001:DB8::1"}, "2001:db8::1"},
		{"IPv4-mapped IPv6 is the IPv4 address", 1, []string{"::ffff:203.0.113.7"}, "203.0.113.7"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = "10.0.0.9:5555"
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := clientIP(r, c.hops); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestTheFallbackLimiterKeepsABoundedNumberOfBuckets(t *testing.T) {
	l := newLimiter()
	for i := range maxBuckets + 10 {
		l.take(strings.Repeat("k", 8)+string(rune(i)), 1, 1)
	}
	if n := len(l.buckets); n > maxBuckets {
		t.Fatalf("%d buckets, want at most %d", n, maxBuckets)
	}
}

package booking

import (
	"testing"
	"time"
)

func TestTTLCacheForgetsWhatExpired(t *testing.T) {
	c := newTTLCache[int, string](10)
	c.put(1, "fresh", time.Now().Add(time.Hour))
	c.put(2, "stale", time.Now().Add(-time.Millisecond))
	if v, ok := c.get(1); !ok || v != "fresh" {
		t.Fatalf("get(1) = %q, %v; want fresh, true", v, ok)
	}
	if v, ok := c.get(2); ok {
		t.Fatalf("get(2) = %q; an expired entry must not be served", v)
	}
	c.drop(1)
	if _, ok := c.get(1); ok {
		t.Fatal("get(1) after drop served a value")
	}
}

func TestTTLCacheStaysWithinItsSize(t *testing.T) {
	c := newTTLCache[int, int](3)
	for i := range 10 {
		c.put(i, i, time.Now().Add(time.Hour))
	}
	if n := len(c.m); n > 3 {
		t.Fatalf("cache holds %d entries; want at most 3", n)
	}
	if v, ok := c.get(9); !ok || v != 9 {
		t.Fatalf("the newest entry was lost: %d, %v", v, ok)
	}
}

func TestTTLCacheRefusesAValueReadBeforeADrop(t *testing.T) {
	c := newTTLCache[int, string](10)
	st := c.stamp(1)
	c.drop(1) // the seat map changed while the old one was being rendered
	if c.putIfUnchanged(1, "stale", time.Now().Add(time.Hour), st) {
		t.Fatal("a value read before the drop was kept")
	}
	st = c.stamp(1)
	c.clear()
	if c.putIfUnchanged(1, "stale", time.Now().Add(time.Hour), st) {
		t.Fatal("a value read before a clear was kept")
	}
	st = c.stamp(1)
	if !c.putIfUnchanged(1, "fresh", time.Now().Add(time.Hour), st) {
		t.Fatal("a value read after the last drop was refused")
	}
	if v, _ := c.get(1); v != "fresh" {
		t.Fatalf("get = %q", v)
	}
}

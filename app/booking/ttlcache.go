package booking

import (
	"sync"
	"time"
)

// ttlCache keeps values in memory until their own expiry. It is small on
// purpose: a handful of keys per show, cleared whole when it grows past max.
//
// A value computed from a read that started before a drop must not outlive
// the drop (a seat map rendered just before a seat was locked would show it
// free until the map expired), so a writer takes a stamp before it reads and
// putIfUnchanged refuses the value when the key was dropped since.
type ttlCache[K comparable, V any] struct {
	mu    sync.Mutex
	m     map[K]ttlEntry[V]
	drops map[K]uint64 // drops of each key since the last clear
	epoch uint64       // clears
	max   int
}

type ttlEntry[V any] struct {
	v       V
	expires time.Time
}

// stamp is what a key's drops were when a writer began.
type stamp struct{ epoch, drops uint64 }

func newTTLCache[K comparable, V any](max int) *ttlCache[K, V] {
	return &ttlCache[K, V]{m: map[K]ttlEntry[V]{}, drops: map[K]uint64{}, max: max}
}

// get returns the value for k if it has not expired.
func (c *ttlCache[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if !ok || !time.Now().Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

// stamp is taken before reading what a value for k is computed from.
func (c *ttlCache[K, V]) stamp(k K) stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return stamp{c.epoch, c.drops[k]}
}

// put keeps v for k until expires.
func (c *ttlCache[K, V]) put(k K, v V, expires time.Time) {
	c.mu.Lock()
	c.store(k, v, expires)
	c.mu.Unlock()
}

// putIfUnchanged keeps v for k unless k was dropped or the cache cleared
// since st was taken; it tells whether it did.
func (c *ttlCache[K, V]) putIfUnchanged(k K, v V, expires time.Time, st stamp) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st != (stamp{c.epoch, c.drops[k]}) {
		return false
	}
	c.store(k, v, expires)
	return true
}

func (c *ttlCache[K, V]) store(k K, v V, expires time.Time) {
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[k] = ttlEntry[V]{v: v, expires: expires}
}

func (c *ttlCache[K, V]) drop(k K) {
	c.mu.Lock()
	delete(c.m, k)
	c.drops[k]++
	c.mu.Unlock()
}

func (c *ttlCache[K, V]) clear() {
	c.mu.Lock()
	clear(c.m)
	clear(c.drops)
	c.epoch++
	c.mu.Unlock()
}

package main

import (
	"bytes"
	"compress/gzip"
	"maps"
	"slices"
	"testing"
)

func TestSeatMapsGiveWhatEachBodySays(t *testing.T) {
	var c seatMaps
	one := []byte(`{"showId":1,"rows":["A","B"],"seats":[{"name":"A1","row":"A","status":"available"},{"name":"A2","row":"A","status":"reserved"},{"name":"B1","row":"B","status":"available"},{"name":"B2","row":"B","status":"held"}]}`)
	two := []byte(`{"showId":1,"rows":["A","B"],"seats":[{"name":"A1","row":"A","status":"reserved"},{"name":"A2","row":"A","status":"reserved"},{"name":"B1","row":"B","status":"available"},{"name":"B2","row":"B","status":"available"}]}`)
	for range 2 { // the second time from what was decoded the first
		got, ok := c.available(slices.Clone(one))
		if want := map[string][]string{"A": {"A1"}, "B": {"B1"}}; !ok || !maps.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("first map: %v %v, want %v", got, ok, want)
		}
		got, ok = c.available(two)
		if want := map[string][]string{"B": {"B1", "B2"}}; !ok || !maps.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("second map: %v %v, want %v", got, ok, want)
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(one)
	zw.Close()
	if got, ok := c.available(gz.Bytes()); !ok || !maps.EqualFunc(got, map[string][]string{"A": {"A1"}, "B": {"B1"}}, slices.Equal) {
		t.Fatalf("the first map gzipped: %v %v", got, ok)
	}
	if _, ok := c.available([]byte(`<html>busy</html>`)); ok {
		t.Fatal("a body that is not a seat map was taken for one")
	}
}

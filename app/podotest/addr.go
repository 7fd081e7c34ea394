package podotest

import (
	"net"
	"strings"
	"testing"
)

// FreeAddr returns a loopback address with a port nobody listens on now.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// MustFreeAddr is FreeAddr in a test, which fails when there is none.
func MustFreeAddr(t testing.TB) string {
	t.Helper()
	a, err := FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// FreePort is the port of MustFreeAddr.
func FreePort(t testing.TB) string {
	_, p, _ := strings.Cut(MustFreeAddr(t), ":")
	return p
}

package config

import (
	"testing"

	"github.com/podo-tickets/podo/app/contract"
)

func TestTheProfilerListensOnlyOnLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{"": true, "127.0.0.1:6060": true, "[::1]:6060": true,
		"0.0.0.0:6060": false, ":6060": false, "10.0.0.5:6060": false, "localhost": false} {
		_, err := Load(func(k string) string {
			if k == contract.EnvDebugAddr {
				return addr
			}
			return ""
		})
		if (err == nil) != ok {
			t.Errorf("%s=%q: err = %v, want accepted %v", contract.EnvDebugAddr, addr, err, ok)
		}
	}
}

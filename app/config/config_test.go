package config

import (
	"testing"

	"github.com/podo-tickets/podo/app/contract"
)

func TestTheProfilerListensOnlyOnLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{"": true, "127.0.0.1:6060": true, "[::1]:6060": true,
		"0.0.0.0:6060": false, ":6060": false, "10.0.0.5:6060": false, "localhost": false} {
		_, err := Load(func(k string) string {
			switch k {
			case contract.EnvDebugAddr:
				return addr
			case contract.EnvDevLogin:
				return "true"
			}
			return ""
		})
		if (err == nil) != ok {
			t.Errorf("%s=%q: err = %v, want accepted %v", contract.EnvDebugAddr, addr, err, ok)
		}
	}
}

func TestTheSigningKeyPolicy(t *testing.T) {
	load := func(env map[string]string) (Config, error) { return Load(func(k string) string { return env[k] }) }
	if _, err := load(map[string]string{}); err == nil {
		t.Error("no secret and no development login: accepted")
	}
	if _, err := load(map[string]string{contract.EnvJWTSecret: "short"}); err == nil {
		t.Error("a secret under 32 bytes: accepted")
	}
	c, err := load(map[string]string{contract.EnvDevLogin: "true"})
	if err != nil || len(c.SigningKey) != 32 || !c.EphemeralKey {
		t.Errorf("development without a secret: %d-byte key, ephemeral %v, %v; want 32 random bytes", len(c.SigningKey), c.EphemeralKey, err)
	}
	secret := "0123456789abcdef0123456789abcdef"
	if c, err := load(map[string]string{contract.EnvJWTSecret: secret}); err != nil || string(c.SigningKey) != secret || c.EphemeralKey {
		t.Errorf("a 32-byte secret: %q, %v", c.SigningKey, err)
	}
}

// Package config reads the service's settings from the environment, once, into
// one typed struct. Every default works on a developer's machine: MariaDB and
// Redis on localhost, port 8080.
package config

import (
	"crypto/rand"
	"fmt"
	"net"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/podo-tickets/podo/app/contract"
)

// How the HTTP server treats connections. The pod and the load balancer in
// front of it (infra/workloads) are set from these, and infra's tests hold
// them to it.
const (
	// HTTPIdleTimeout is how long an idle keep-alive connection stays open.
	// It must outlast the load balancer's idle timeout: otherwise the load
	// balancer may send a request on a connection the server is closing,
	// and answers it with a 502.
	HTTPIdleTimeout = 120 * time.Second
	// ShutdownTimeout is how long a stopping server drains in-flight
	// requests before it exits; the pod's termination grace period covers it.
	ShutdownTimeout = 10 * time.Second
)

// Config is everything the service can be told.
type Config struct {
	HTTPAddr string

	MySQLDSN      string // go-sql-driver form; the database is created when missing
	MySQLMaxConns int    // the pool's size; replicas × this must stay under the server's max_connections

	RedisAddr     string
	RedisPassword string
	RedisTLS      bool
	RedisDB       int

	JWTSecret string // HS256 key for access tokens; random per start when empty (dev only)
	// SigningKey is the key tokens are signed with: JWTSecret, or with the
	// development login on and no secret set, random bytes for this process
	// (EphemeralKey then: sessions end when the service restarts).
	SigningKey         []byte
	EphemeralKey       bool
	GoogleClientID     string
	GoogleClientSecret string
	OIDCIssuer         string
	PublicURL          string   // where the API is reached; decides Secure cookies and the OAuth redirect
	AllowedOrigins     []string // origins allowed to call the API from a browser (CORS)
	DevLogin           bool
	AdminEmails        []string

	HoldTTL  time.Duration
	MaxSeats int
	Cache    bool

	LineRate  float64       // users let through a show's waiting line per second
	LineCap   int           // live passes per show at most: admitted shoppers not finished yet
	PassTTL   time.Duration // how long a pass lets its holder hold and book
	LineGrace time.Duration // arrivals up to this long after a sale opens still get a random place

	StaticDir string
	SeedDemo  bool
	LogLevel  string
	DebugAddr string // loopback address for net/http/pprof; empty: off
	RateLimit bool
	SSMPath   string

	// TrustedProxyHops is how many proxies append to X-Forwarded-For before the
	// service: the client's address is the one the outermost of them saw.
	TrustedProxyHops int
	SSEPerAddress    int
	SSEPerReplica    int
	// MaxInFlight bounds the requests a replica works on at once.
	MaxInFlight int
	// ReadTurns bounds the connections a replica reads a request from at once.
	ReadTurns int
}

// Load reads the configuration through getenv (os.Getenv in main, a map in tests).
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		HTTPAddr:           or(getenv(contract.EnvHTTPAddr), fmt.Sprintf(":%d", contract.HTTPPort)),
		MySQLDSN:           or(getenv(contract.EnvMySQLDSN), "root@tcp(127.0.0.1:3306)/podo"),
		RedisAddr:          or(getenv(contract.EnvRedisAddr), "127.0.0.1:6379"),
		RedisPassword:      getenv(contract.EnvRedisPassword),
		JWTSecret:          getenv(contract.EnvJWTSecret),
		GoogleClientID:     getenv(contract.EnvGoogleClientID),
		GoogleClientSecret: getenv(contract.EnvGoogleClientSecret),
		OIDCIssuer:         or(getenv(contract.EnvOIDCIssuer), "https://accounts.google.com"),
		PublicURL:          strings.TrimSuffix(or(getenv(contract.EnvPublicURL), "http://localhost:8080"), "/"),
		AllowedOrigins:     list(getenv(contract.EnvAllowedOrigins)),
		AdminEmails:        list(getenv(contract.EnvAdminEmails)),
		StaticDir:          getenv(contract.EnvStaticDir),
		LogLevel:           or(getenv(contract.EnvLogLevel), "info"),
		DebugAddr:          getenv(contract.EnvDebugAddr),
		SSMPath:            getenv(contract.EnvSSMPath),
	}
	var err error
	if c.RedisTLS, err = boolean(getenv, contract.EnvRedisTLS, false); err != nil {
		return c, err
	}
	if c.RedisDB, err = integer(getenv, contract.EnvRedisDB, 0, 0, 15); err != nil {
		return c, err
	}
	if c.DevLogin, err = boolean(getenv, contract.EnvDevLogin, false); err != nil {
		return c, err
	}
	if c.Cache, err = boolean(getenv, contract.EnvCache, true); err != nil {
		return c, err
	}
	if c.SeedDemo, err = boolean(getenv, contract.EnvSeedDemo, false); err != nil {
		return c, err
	}
	if c.RateLimit, err = boolean(getenv, contract.EnvRateLimit, true); err != nil {
		return c, err
	}
	if c.MySQLMaxConns, err = integer(getenv, contract.EnvMySQLMaxConns, 32, 1, 1000); err != nil {
		return c, err
	}
	if c.MaxSeats, err = integer(getenv, contract.EnvMaxSeats, 4, 1, 20); err != nil {
		return c, err
	}
	if c.TrustedProxyHops, err = integer(getenv, contract.EnvTrustedProxyHops, 0, 0, 5); err != nil {
		return c, err
	}
	if c.SSEPerAddress, err = integer(getenv, contract.EnvSSEPerAddress, 100, 1, 1000000); err != nil {
		return c, err
	}
	if c.SSEPerReplica, err = integer(getenv, contract.EnvSSEPerReplica, 5000, 1, 1000000); err != nil {
		return c, err
	}
	if c.MaxInFlight, err = integer(getenv, contract.EnvMaxInFlight, 64*runtime.GOMAXPROCS(0), 1, 100000); err != nil {
		return c, err
	}
	if c.ReadTurns, err = integer(getenv, contract.EnvReadTurns, 16*runtime.GOMAXPROCS(0), 1, 100000); err != nil {
		return c, err
	}
	if c.HoldTTL, err = duration(getenv, contract.EnvHoldTTL, 5*time.Minute); err != nil {
		return c, err
	}
	switch {
	case c.JWTSecret == "" && !c.DevLogin:
		return c, fmt.Errorf("%s is required outside development", contract.EnvJWTSecret)
	case c.JWTSecret == "":
		c.SigningKey, c.EphemeralKey = make([]byte, 32), true
		_, _ = rand.Read(c.SigningKey)
	case len(c.JWTSecret) < 32:
		return c, fmt.Errorf("%s must be at least 32 bytes", contract.EnvJWTSecret)
	default:
		c.SigningKey = []byte(c.JWTSecret)
	}
	if c.DebugAddr != "" {
		// The profiler shows memory and must never face a network.
		host, _, err := net.SplitHostPort(c.DebugAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return c, fmt.Errorf("%s must be a loopback address such as 127.0.0.1:6060, not %q", contract.EnvDebugAddr, c.DebugAddr)
		}
	}
	rate, err := integer(getenv, contract.EnvLineRate, 20, 1, 10000)
	if err != nil {
		return c, err
	}
	c.LineRate = float64(rate)
	if c.LineCap, err = integer(getenv, contract.EnvLineCap, 200, 1, 100000); err != nil {
		return c, err
	}
	if c.PassTTL, err = duration(getenv, contract.EnvPassTTL, 10*time.Minute); err != nil {
		return c, err
	}
	if c.LineGrace, err = duration(getenv, contract.EnvLineGrace, 5*time.Second); err != nil {
		return c, err
	}
	if _, err := url.Parse(c.PublicURL); err != nil {
		return c, fmt.Errorf("%s: %w", contract.EnvPublicURL, err)
	}
	return c, nil
}

// SecureCookies tells whether cookies must carry Secure: everywhere but a plain-HTTP localhost.
func (c Config) SecureCookies() bool {
	u, err := url.Parse(c.PublicURL)
	if err != nil {
		return true
	}
	h := u.Hostname()
	return u.Scheme == "https" || (h != "localhost" && h != "127.0.0.1" && h != "::1")
}

// GoogleEnabled tells whether Google sign-in is configured.
func (c Config) GoogleEnabled() bool { return c.GoogleClientID != "" && c.GoogleClientSecret != "" }

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func list(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func boolean(getenv func(string) string, name string, def bool) (bool, error) {
	switch strings.ToLower(getenv(name)) {
	case "":
		return def, nil
	case "1", "true", "on", "yes":
		return true, nil
	case "0", "false", "off", "no":
		return false, nil
	}
	return false, fmt.Errorf("%s: want on or off, got %q", name, getenv(name))
}

func integer(getenv func(string) string, name string, def, lo, hi int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s: want a whole number from %d to %d, got %q", name, lo, hi, v)
	}
	return n, nil
}

func duration(getenv func(string) string, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: want a positive duration such as 5m or 500ms, got %q", name, v)
	}
	return d, nil
}

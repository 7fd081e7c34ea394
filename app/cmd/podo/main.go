// Command podo is the booking service: `podo serve` (the default) runs the API,
// `podo migrate` brings the schema up to date, `podo seed` adds the demo shows,
// `podo new-epoch` makes a database restored from a backup forget what Redis
// kept for it before.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/podo-tickets/podo/app/auth"
	"github.com/podo-tickets/podo/app/booking"
	"github.com/podo-tickets/podo/app/config"
	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/debug"
	podohttp "github.com/podo-tickets/podo/app/http"
	"github.com/podo-tickets/podo/app/metrics"
	"github.com/podo-tickets/podo/app/mysql"
	"github.com/podo-tickets/podo/app/redis"
	"github.com/podo-tickets/podo/app/ssm"
	"github.com/podo-tickets/podo/app/waitroom"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "podo:", err)
		os.Exit(1)
	}
}

// run is the whole program; tests call it with their own arguments and environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	if path := getenv(contract.EnvSSMPath); path != "" {
		var err error
		if getenv, err = ssm.Load(ctx, path, getenv, ssm.Options{}); err != nil {
			return err
		}
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	log := newLogger(stdout, cfg.LogLevel)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate", "seed", "new-epoch":
		db, err := openDB(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		switch cmd {
		case "seed":
			n, err := db.SeedDemo(ctx, time.Now())
			log.Info("seeded demo shows", "added", n)
			return err
		case "new-epoch":
			e, err := db.NewEpoch(ctx)
			log.Info("the database has a new epoch; restart every replica", "epoch", e)
			return err
		}
		return nil
	case "version":
		fmt.Fprintln(stdout, version)
		return nil
	}
	return fmt.Errorf("unknown command %q (want serve, migrate, seed, new-epoch or version)", cmd)
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

// openDB connects to MySQL, waiting up to a minute for it to come up, and migrates.
func openDB(ctx context.Context, cfg config.Config) (*mysql.DB, error) {
	var db *mysql.DB
	var err error
	for i := 0; i < 120; i++ {
		if db, err = mysql.Open(ctx, cfg.MySQLDSN, cfg.MySQLMaxConns); err == nil {
			break
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return db, nil
}

func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	m := metrics.New(version)
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	m.WatchDB(db.DB, db.Bookings(), db.LockRetries)
	if cfg.SeedDemo {
		if n, err := db.SeedDemo(ctx, time.Now()); err != nil {
			return fmt.Errorf("seed: %w", err)
		} else if n > 0 {
			log.Info("seeded demo shows", "added", n)
		}
	}

	epoch, err := db.Epoch(ctx)
	if err != nil {
		return err
	}
	rdb := redis.Open(redis.Options{Addr: cfg.RedisAddr, Password: cfg.RedisPassword, TLS: cfg.RedisTLS, DB: cfg.RedisDB, Epoch: epoch}, log, m)
	defer rdb.Close()
	wctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	if err := rdb.WaitUp(wctx); err != nil {
		log.Warn("starting without redis; it will be used once it answers")
	}
	cancel()

	svc := booking.New(db, rdb, rdb.Subscribe(), m, booking.Options{HoldTTL: cfg.HoldTTL, MaxSeats: cfg.MaxSeats, Cache: cfg.Cache})

	if cfg.EphemeralKey {
		log.Warn("no PODO_JWT_SECRET: using a random key, so sessions end when the service restarts")
	}
	secret := cfg.SigningKey
	tokens := auth.NewTokens(secret)

	line := waitroom.New(db, rdb, auth.NewPasses(secret), m,
		waitroom.Options{Rate: cfg.LineRate, Cap: cfg.LineCap, PassTTL: cfg.PassTTL, Grace: cfg.LineGrace})

	sessions := &auth.Sessions{Tokens: tokens, Refresh: rdb, Users: db, AdminEmails: cfg.AdminEmails,
		Reused: redis.ErrTokenReused, Unknown: redis.ErrTokenUnknown}
	opt := podohttp.Options{DevLogin: cfg.DevLogin, SecureCookies: cfg.SecureCookies(), AllowedOrigins: cfg.AllowedOrigins,
		StaticDir: cfg.StaticDir, RateLimit: cfg.RateLimit, Rates: rdb, Classify: mysql.Unavailable,
		TrustedProxyHops: cfg.TrustedProxyHops, SSEPerAddress: cfg.SSEPerAddress, SSEPerReplica: cfg.SSEPerReplica,
		MaxInFlight: cfg.MaxInFlight}
	if cfg.GoogleEnabled() {
		opt.Google = auth.NewGoogle(cfg.OIDCIssuer, cfg.GoogleClientID, cfg.GoogleClientSecret, cfg.PublicURL+"/api/auth/google/callback", secret)
	}
	srv := podohttp.NewServer(log, m, svc, svc, line, sessions, tokens, podohttp.HealthOf(db, rdb), opt)
	hub := srv.Hub()
	svc.OnEvent, svc.OnResync = hub.Broadcast, hub.Resync
	bctx, stopBooking := context.WithCancel(context.WithoutCancel(ctx))
	defer stopBooking()
	go svc.Run(bctx)
	go db.ExpireOutcomes(bctx, 10*time.Minute)
	go line.Run(bctx)

	if cfg.DebugAddr != "" {
		stopDebug, err := debug.Serve(cfg.DebugAddr)
		if err != nil {
			return err
		}
		defer stopDebug()
		log.Info("profiler listening", "addr", cfg.DebugAddr)
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return err
	}
	turns := podohttp.NewTurns(cfg.ReadTurns, m)
	hs := &http.Server{Handler: srv.Handler(), ConnContext: turns.ConnContext, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: config.HTTPIdleTimeout, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	hs.RegisterOnShutdown(srv.Shutdown)
	log.Info("listening", "addr", ln.Addr().String(), "version", version, "cache", cfg.Cache, "dev_login", cfg.DevLogin,
		"google", cfg.GoogleEnabled(), "static", cfg.StaticDir != "")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(turns.Listener(ln)) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining requests")
	sctx, cancel := context.WithTimeout(context.Background(), config.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/podotest"
)

// options are the flags every scenario shares: where the service is (or how
// to start one), where results go and how often to print progress.
type options struct {
	target   string
	dsn      string
	out      string
	progress time.Duration

	podoBin   string
	mysql     string
	redis     string
	redisDB   int
	listen    string
	rateLimit bool
	admin     string
}

// adminName signs in as the admin the tool's own service is configured with.
const adminName = "load-admin"

func addOptions(fs *flag.FlagSet, scenario string) *options {
	o := &options{}
	fs.StringVar(&o.target, "target", "", "URL of a running Podo service (loopback only); empty starts the tool's own `podo serve`")
	fs.StringVar(&o.dsn, "dsn", "root@tcp(127.0.0.1:3306)/podo", "with --target: the MySQL DSN of the target's database, for the invariant checks")
	fs.StringVar(&o.out, "out", filepath.Join("out", "load", scenario), "folder for results.json, charts and service logs")
	fs.DurationVar(&o.progress, "progress", time.Second, "interval of the live progress line (0 turns it off)")
	fs.StringVar(&o.podoBin, "podo", defaultPodoBin(), "the podo binary the tool starts when --target is empty")
	fs.StringVar(&o.mysql, "mysql", "root@tcp(127.0.0.1:3306)/", "MySQL server (DSN without database) for the tool's own service; it uses database podo_load_"+strings.ReplaceAll(scenario, "-", "_"))
	fs.StringVar(&o.redis, "redis", "127.0.0.1:6379", "Redis address for the tool's own service")
	fs.IntVar(&o.redisDB, "redis-db", 7, "Redis database number for the tool's own service; flushed at start, so never 0")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:18090", "address the tool's own service listens on")
	fs.BoolVar(&o.rateLimit, "rate-limit", false, "leave the service's per-user and per-IP rate limits on (429s are counted); flash-sale users then each send their own X-Forwarded-For")
	fs.StringVar(&o.admin, "admin", "", "with --target: the development-login name that is an admin there (default admin)")
	return o
}

// defaultPodoBin finds bin/podo from the repository root or the app module.
func defaultPodoBin() string {
	for _, p := range []string{"bin/podo", "../bin/podo", "../../bin/podo", "../../../bin/podo"} {
		if _, err := os.Stat(p); err == nil {
			abs, _ := filepath.Abs(p)
			return abs
		}
	}
	return "bin/podo"
}

// stack is the service under load: a client for it, the DSN of its database
// and, when the tool started it, the process.
type stack struct {
	client *client
	dsn    string
	admin  string // development-login name of an admin
	podo   *podoProcess
}

func (s *stack) close() {
	if s.podo != nil {
		s.podo.stop()
	}
}

// up connects to --target or starts the tool's own service on a database
// named for the scenario (emptied first when fresh), with env added to the
// service's environment.
func (o *options) up(ctx context.Context, scenario, phase string, env map[string]string, conns int, fresh bool) (*stack, error) {
	if o.target != "" {
		c, err := newClient(o.target, conns)
		if err != nil {
			return nil, err
		}
		admin := o.admin
		if admin == "" {
			admin = "admin"
		}
		return &stack{client: c, dsn: o.dsn, admin: admin}, nil
	}
	db := "podo_load_" + strings.ReplaceAll(scenario, "-", "_")
	if fresh {
		if err := recreateDatabase(ctx, o.mysql, db); err != nil {
			return nil, err
		}
	}
	// Cached entries of an earlier service (or an earlier run whose show ids
	// were reused) must not be served, so each start begins with an empty cache.
	if err := flushRedisDB(o.redis, o.redisDB); err != nil {
		return nil, err
	}
	all := map[string]string{
		contract.EnvMySQLDSN:  o.mysql + db,
		contract.EnvRedisAddr: o.redis,
		contract.EnvRedisDB:   strconv.Itoa(o.redisDB),
	}
	for k, v := range env {
		all[k] = v
	}
	p, err := startPodo(ctx, o.podoBin, o.listen, o.rateLimit, all, filepath.Join(o.out, phase+"-podo.log"))
	if err != nil {
		return nil, err
	}
	c, err := newClient("http://"+o.listen, conns)
	if err != nil {
		p.stop()
		return nil, err
	}
	return &stack{client: c, dsn: o.mysql + db, admin: adminName, podo: p}, nil
}

// recreateDatabase drops and creates one of the tool's own databases. It
// refuses any name that is not the tool's, so it can never drop someone's data.
func recreateDatabase(ctx context.Context, serverDSN, name string) error {
	if !strings.HasPrefix(name, "podo_load_") {
		return fmt.Errorf("refusing to recreate database %q: not one of podo-load's", name)
	}
	db, err := sql.Open("mysql", serverDSN)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`"); err != nil {
		return fmt.Errorf("drop %s: %w", name, err)
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	return err
}

// flushRedisDB empties the tool's Redis database so no cache entry from an
// earlier run (whose show ids were reused) is served. Database 0 is refused.
func flushRedisDB(addr string, db int) error {
	if db == 0 {
		return errors.New("refusing to flush Redis database 0; pick another --redis-db")
	}
	_, err := podotest.RedisCommands(addr, []string{"SELECT", strconv.Itoa(db)}, []string{"FLUSHDB"})
	return err
}

// podoProcess is a `podo serve` the tool started.
type podoProcess struct {
	cmd  *exec.Cmd
	addr string
	done chan struct{}
}

func startPodo(ctx context.Context, bin, listen string, rateLimit bool, env map[string]string, logPath string) (*podoProcess, error) {
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("podo binary %s: %w (build it with `make build` or pass --podo)", bin, err)
	}
	if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	rl, hops := "off", "0"
	if rateLimit {
		// Each simulated user sends its own X-Forwarded-For, as the ALB would append it.
		rl, hops = "on", "1"
	}
	all := map[string]string{
		contract.EnvHTTPAddr:         listen,
		contract.EnvDevLogin:         "true",
		contract.EnvSeedDemo:         "false",
		contract.EnvAdminEmails:      adminName + "@dev.podo.local",
		contract.EnvRateLimit:        rl,
		contract.EnvTrustedProxyHops: hops,
		// Thousands of simulated viewers share this machine's one address.
		contract.EnvSSEPerAddress: "1000000",
		contract.EnvSSEPerReplica: "1000000",
	}
	for k, v := range env {
		all[k] = v
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = os.Environ()
	for k, v := range all {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a Ctrl-C reaches the tool, which stops the service in order
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	p := &podoProcess{cmd: cmd, addr: listen, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(p.done) }()
	if err := waitReady(ctx, "http://"+listen+contract.ReadinessPath, p.done, 60*time.Second); err != nil {
		p.stop()
		return nil, fmt.Errorf("podo serve did not become ready (log: %s): %w", logPath, err)
	}
	return p, nil
}

// waitReady polls a readiness URL until it answers 200.
func waitReady(ctx context.Context, url string, exited <-chan struct{}, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	hc := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("the process exited")
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if res, err := hc.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after %s", url, limit)
}

// stop asks the service to drain and exit, and kills it if it does not.
// kill ends the service with SIGKILL: no draining, nothing finished.
func (p *podoProcess) kill() {
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.done
}

func (p *podoProcess) stop() {
	stopProcess(p.cmd, p.done, 15*time.Second)
}

// rssBytes reads the service's resident memory from /proc.
func (p *podoProcess) rssBytes() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// stopProcess sends SIGTERM to a child the tool started and SIGKILL after limit.
func stopProcess(cmd *exec.Cmd, done <-chan struct{}, limit time.Duration) {
	select {
	case <-done:
		return
	default:
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(limit):
		cmd.Process.Kill()
		<-done
	}
}

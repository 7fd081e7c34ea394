package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// ownedMariaDB is a private mariadbd with its own datadir, port and socket.
type ownedMariaDB struct {
	port int
	dir  string
	cmd  *exec.Cmd
	done chan struct{}
}

func (m *ownedMariaDB) serverDSN() string {
	return fmt.Sprintf("root@tcp(127.0.0.1:%d)/", m.port)
}

// install creates the datadir with mariadb-install-db, ignoring the machine's
// my.cnf so the instance shares nothing with the system's MariaDB.
func (m *ownedMariaDB) install(ctx context.Context) error {
	data := filepath.Join(m.dir, "data")
	if err := os.MkdirAll(m.dir, 0o755); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "mariadb-install-db", "--no-defaults", "--datadir="+data,
		"--user="+currentUser(), "--auth-root-authentication-method=normal", "--skip-test-db")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("mariadb-install-db: %w\n%s", err, out)
	}
	return nil
}

func (m *ownedMariaDB) start(ctx context.Context) error {
	bin := "/usr/sbin/mariadbd"
	if p, err := exec.LookPath("mariadbd"); err == nil {
		bin = p
	}
	m.cmd = exec.Command(bin, "--no-defaults",
		"--datadir="+filepath.Join(m.dir, "data"), "--user="+currentUser(),
		"--port="+strconv.Itoa(m.port), "--bind-address=127.0.0.1",
		"--socket="+filepath.Join(m.dir, "mysqld.sock"), "--pid-file="+filepath.Join(m.dir, "mysqld.pid"),
		"--log-error="+filepath.Join(m.dir, "mariadb.log"), "--skip-name-resolve",
		"--max-connections=1000", "--innodb-buffer-pool-size=256M")
	m.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := m.cmd.Start(); err != nil {
		return fmt.Errorf("mariadbd: %w", err)
	}
	m.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { cmd.Wait(); close(done) }(m.cmd, m.done)
	return waitFor(ctx, 60*time.Second, m.done, func() error {
		db, err := sql.Open("mysql", m.serverDSN())
		if err != nil {
			return err
		}
		defer db.Close()
		return db.PingContext(ctx)
	})
}

func (m *ownedMariaDB) stop() {
	if m.cmd != nil {
		stopProcess(m.cmd, m.done, 60*time.Second)
	}
}

// kill ends mariadbd with SIGKILL, as a crash or the OOM killer would: no
// clean shutdown, so the next start runs InnoDB's crash recovery.
func (m *ownedMariaDB) kill() {
	if m.cmd != nil && m.cmd.Process != nil {
		_ = syscall.Kill(-m.cmd.Process.Pid, syscall.SIGKILL)
		<-m.done
	}
}

func currentUser() string {
	if os.Geteuid() == 0 {
		return "root"
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return strconv.Itoa(os.Geteuid())
}

// waitFor retries ok until it succeeds, the process exits or limit passes.
func waitFor(ctx context.Context, limit time.Duration, exited <-chan struct{}, ok func() error) error {
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		if last = ok(); last == nil {
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("the process exited: %v", last)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("not up after %s: %w", limit, last)
}

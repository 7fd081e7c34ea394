package podotest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Redis is a private redis-server on its own port, keeping nothing on disk,
// that a test or a fault scenario may stop and start again on the same port.
type Redis struct {
	Port int
	Dir  string // its working directory and log
	cmd  *exec.Cmd
	done chan struct{}
}

// NewRedis describes a redis-server on port with dir; Start runs it.
func NewRedis(port int, dir string) *Redis { return &Redis{Port: port, Dir: dir} }

// StartRedis runs a private redis-server on a free port for the test's length.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	port, _ := strconv.Atoi(FreePort(t))
	r := NewRedis(port, t.TempDir())
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

// Addr is where it listens.
func (r *Redis) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.Port) }

// Start runs the server and waits until it answers PING.
func (r *Redis) Start(ctx context.Context) error {
	if err := os.MkdirAll(r.Dir, 0o755); err != nil {
		return err
	}
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.Port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", r.Dir, "--logfile", filepath.Join(r.Dir, "redis.log"))
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := r.cmd.Start(); err != nil {
		return fmt.Errorf("redis-server (scripts/services.sh installs it): %w", err)
	}
	r.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) { cmd.Wait(); close(done) }(r.cmd, r.done)
	return Eventually(ctx, 10*time.Second, 20*time.Millisecond, func() error {
		select {
		case <-r.done:
			return fmt.Errorf("redis-server exited; see %s", filepath.Join(r.Dir, "redis.log"))
		default:
		}
		_, err := r.Command("PING")
		return err
	})
}

// Stop kills the server, as a crash would look to its clients, and waits for it.
func (r *Redis) Stop() {
	if r.cmd == nil || r.cmd.Process == nil {
		return
	}
	r.cmd.Process.Kill()
	<-r.done
	r.cmd = nil
}

// Command sends one command and returns the first line of its answer.
func (r *Redis) Command(args ...string) (string, error) { return RedisCommands(r.Addr(), args) }

// RedisCommands sends commands to the Redis at addr on one connection (so a
// SELECT holds for the ones after it) and returns the first line of the last
// answer; an error answer to any of them is an error.
func RedisCommands(addr string, cmds ...[]string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	var b strings.Builder
	for _, args := range cmds {
		fmt.Fprintf(&b, "*%d\r\n", len(args))
		for _, a := range args {
			fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
		}
	}
	if _, err := conn.Write([]byte(b.String())); err != nil {
		return "", err
	}
	rd := bufio.NewReader(conn)
	var line string
	for range cmds {
		if line, err = rd.ReadString('\n'); err != nil {
			return "", err
		}
		line = strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(line, "-") {
			return "", fmt.Errorf("redis %s: %s", addr, line[1:])
		}
	}
	return line, nil
}

package main

import (
	"io"
	"net"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// stampConn is a TCP connection that asks the kernel when each read's bytes
// arrived (SO_TIMESTAMPNS). On cores the tool shares with the service, a
// user's goroutine may read an answer long after it came: the kernel's
// stamp says when the service's answer was there, whatever the tool's own
// scheduling did with it.
type stampConn struct {
	*net.TCPConn
	rc     syscall.RawConn
	first  atomic.Int64 // unix nanoseconds the first bytes read since arm arrived; 0 none
	closed atomic.Bool
}

func (c *stampConn) Close() error {
	c.closed.Store(true)
	return c.TCPConn.Close()
}

func dialStamped(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	tc := c.(*net.TCPConn)
	rc, err := tc.SyscallConn()
	if err != nil {
		c.Close()
		return nil, err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_TIMESTAMPNS, 1)
	}); err != nil || serr != nil {
		c.Close()
		if err == nil {
			err = serr
		}
		return nil, err
	}
	return &stampConn{TCPConn: tc, rc: rc}, nil
}

// arm forgets the last stamp: the next read's is the answer's.
func (c *stampConn) arm() { c.first.Store(0) }

// arrived is when the first bytes read since arm came, or the zero time.
func (c *stampConn) arrived() time.Time {
	if ns := c.first.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

func (c *stampConn) Read(p []byte) (int, error) {
	var oob [64]byte
	var n, oobn int
	var rerr error
	err := c.rc.Read(func(fd uintptr) bool {
		n, oobn, _, _, rerr = syscall.Recvmsg(int(fd), p, oob[:], 0)
		return rerr != syscall.EAGAIN
	})
	if err == nil {
		err = rerr
	}
	if err != nil {
		return 0, err
	}
	if n == 0 && len(p) > 0 {
		return 0, io.EOF
	}
	if c.first.Load() == 0 { // the first read since arm is the answer's; the rest are not parsed
		if ns := stamp(oob[:oobn]); ns != 0 {
			c.first.CompareAndSwap(0, ns)
		}
	}
	return n, nil
}

// stamp is the SCM_TIMESTAMPNS in a read's control messages, or 0.
func stamp(oob []byte) int64 {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return 0
	}
	for _, m := range msgs {
		if m.Header.Level == syscall.SOL_SOCKET && m.Header.Type == syscall.SCM_TIMESTAMPNS && len(m.Data) >= int(unsafe.Sizeof(syscall.Timespec{})) {
			ts := (*syscall.Timespec)(unsafe.Pointer(&m.Data[0]))
			return ts.Nano()
		}
	}
	return 0
}

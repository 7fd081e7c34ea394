package debug

import (
	"io"
	"net"
	"net/http"
	"testing"
)

func TestACPUProfileCoversWhatHappensBetweenStartAndStop(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	stop, err := Serve(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	post := func(path string) (int, []byte) {
		resp, err := http.Post("http://"+addr+path, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, _ := post("/debug/cpu/stop"); code != http.StatusConflict {
		t.Fatalf("stop without a start: %d, want 409", code)
	}
	if code, b := post("/debug/cpu/start"); code != http.StatusNoContent {
		t.Fatalf("start: %d %s", code, b)
	}
	if code, _ := post("/debug/cpu/start"); code != http.StatusConflict {
		t.Fatalf("second start: %d, want 409", code)
	}
	code, b := post("/debug/cpu/stop")
	if code != http.StatusOK || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("stop: %d, %d bytes; want a gzipped pprof profile", code, len(b))
	}
}

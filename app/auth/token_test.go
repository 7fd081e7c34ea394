package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
)

func TestAccessTokensExpire(t *testing.T) {
	tk := NewTokens([]byte("0123456789abcdef0123456789abcdef"))
	tok, _, err := tk.Issue(podo.User{ID: 7, Name: "N", Role: podo.RoleUser}, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if p, err := tk.Verify(tok); err != nil || p.UserID != 7 || p.Session != "s1" {
		t.Fatalf("fresh token: %+v %v", p, err)
	}
	tk.now = func() time.Time { return time.Now().Add(AccessTTL + time.Minute) }
	if _, err := tk.Verify(tok); podo.ErrorCode(err) != podo.EUnauthorized || !strings.Contains(podo.ErrorMessage(err), "expired") {
		t.Fatalf("expired token: %v", err)
	}
}

// FuzzVerify: no input makes Verify panic, and anything it accepts names the
// user the key's holder issued it for.
func FuzzVerify(f *testing.F) {
	tk := NewTokens([]byte("0123456789abcdef0123456789abcdef"))
	good, _, _ := tk.Issue(podo.User{ID: 42, Name: "Fuzz", Role: podo.RoleUser}, "s")
	for _, s := range []string{good, good + "x", strings.Replace(good, ".", "..", 1), "", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "Bearer " + good} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		p, err := tk.Verify(token)
		if err != nil {
			if podo.ErrorCode(err) != podo.EUnauthorized {
				t.Fatalf("%q: %v", token, err)
			}
			return
		}
		if p.UserID != 42 || p.Role != podo.RoleUser {
			t.Fatalf("%q verified as %+v", token, p)
		}
	})
}

// FuzzParseRefresh: refresh tokens from cookies are parsed without panics and
// only into a positive user id with non-empty parts.
func FuzzParseRefresh(f *testing.F) {
	for _, s := range []string{"1.fam.secret", "0.a.b", "-1.a.b", "1..b", "1.a.", "a.b.c", "1.a.b.c", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		id, fam, secret, ok := parseRefresh(token)
		if ok && (id <= 0 || fam == "" || secret == "" || strings.Contains(fam, ".") || strings.Contains(secret, ".")) {
			t.Fatalf("%q parsed as %d %q %q", token, id, fam, secret)
		}
	})
}

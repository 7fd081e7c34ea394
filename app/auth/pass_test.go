package auth

import (
	"testing"
	"time"

	"github.com/podo-tickets/podo/app"
)

func TestAPassIsGoodOnlyForItsUserItsShowAndItsTime(t *testing.T) {
	key := []byte("a-signing-key-of-at-least-32-bytes!!")
	p := NewPasses(key)
	good, err := p.Issue(7, 3, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	expired, _ := p.Issue(7, 3, time.Now().Add(-time.Second))
	foreign, _ := NewPasses([]byte("another-signing-key-of-32-bytes!!!!")).Issue(7, 3, time.Now().Add(time.Minute))
	access, _, _ := NewTokens(key).Issue(podo.User{ID: 7, Role: podo.RoleUser}, "s")

	cases := []struct {
		name       string
		token      string
		user, show int64
		want       string
	}{
		{"the pass itself", good, 7, 3, ""},
		{"no pass", "", 7, 3, podo.EPassRequired},
		{"an expired pass", expired, 7, 3, podo.EPassExpired},
		{"another key's pass", foreign, 7, 3, podo.EPassInvalid},
		{"an access token of the same key", access, 7, 3, podo.EPassInvalid},
		{"someone else's pass", good, 8, 3, podo.EPassMismatch},
		{"another show's pass", good, 7, 4, podo.EPassMismatch},
		{"a damaged pass", good[:len(good)-2], 7, 3, podo.EPassInvalid},
	}
	for _, c := range cases {
		if got := podo.ErrorCode(p.Check(c.token, c.user, c.show)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestAPassIsNoAccessToken(t *testing.T) {
	key := []byte("a-signing-key-of-at-least-32-bytes!!")
	pass, _ := NewPasses(key).Issue(7, 3, time.Now().Add(time.Minute))
	if _, err := NewTokens(key).Verify(pass); err == nil {
		t.Fatal("a waiting-room pass signed in as its user")
	}
}

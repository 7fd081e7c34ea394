package auth

import (
	"errors"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/podo-tickets/podo/app"
)

// passAudience keeps passes and access tokens apart: both are HS256 JWTs
// signed with the service's key, and neither is accepted as the other.
const passAudience = "podo-line-pass"

// passClaims are what a waiting-room pass says: who (sub), for which show, until when (exp).
type passClaims struct {
	Show int64 `json:"show"`
	jwt.RegisteredClaims
}

// Passes signs and checks waiting-room passes.
type Passes struct {
	key []byte
}

// NewPasses returns a signer with the service's secret key.
func NewPasses(key []byte) *Passes { return &Passes{key: key} }

// Issue signs a pass for the user and show that expires at exp.
func (p *Passes) Issue(userID, showID int64, exp time.Time) (string, error) {
	c := passClaims{Show: showID, RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    issuer,
		Audience:  jwt.ClaimStrings{passAudience},
		Subject:   strconv.FormatInt(userID, 10),
		IssuedAt:  jwt.NewNumericDate(time.Now()),
		ExpiresAt: jwt.NewNumericDate(exp),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(p.key)
}

// Check refuses a pass that was not signed by the service (EPassInvalid), has
// expired (EPassExpired), or is another user's or another show's (EPassMismatch).
func (p *Passes) Check(token string, userID, showID int64) error {
	if token == "" {
		return podo.Errorf(podo.EPassRequired, "This show has a waiting room: take a place in line first.")
	}
	var c passClaims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return p.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(issuer), jwt.WithAudience(passAudience),
		jwt.WithExpirationRequired())
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return podo.Errorf(podo.EPassExpired, "Your waiting-room pass has expired. Join the line again.")
	case err != nil:
		return podo.Errorf(podo.EPassInvalid, "This waiting-room pass is not valid.")
	case c.Subject != strconv.FormatInt(userID, 10):
		return podo.Errorf(podo.EPassMismatch, "This waiting-room pass belongs to someone else.")
	case c.Show != showID:
		return podo.Errorf(podo.EPassMismatch, "This waiting-room pass is for another show.")
	}
	return nil
}

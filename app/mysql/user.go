package mysql

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/podo-tickets/podo/app"
)

// UpsertUser creates the user an identity belongs to, or refreshes their name,
// email and picture; admins are those whose email is in adminEmails.
func (db *DB) UpsertUser(ctx context.Context, id podo.Identity, adminEmails []string) (podo.User, error) {
	role := podo.RoleFor(id.Email, adminEmails)
	now := time.Now().UTC()
	_, err := db.ExecContext(ctx, `INSERT INTO users (provider, subject, email, name, picture_url, role, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?) ON DUPLICATE KEY UPDATE email = VALUES(email), name = VALUES(name),
		picture_url = VALUES(picture_url), role = VALUES(role), updated_at = VALUES(updated_at)`,
		id.Provider, id.Subject, id.Email, id.Name, id.PictureURL, role, now, now)
	if err != nil {
		return podo.User{}, err
	}
	var u podo.User
	err = db.QueryRowContext(ctx, "SELECT id, name, email, picture_url, role FROM users WHERE provider = ? AND subject = ?", id.Provider, id.Subject).
		Scan(&u.ID, &u.Name, &u.Email, &u.PictureURL, &u.Role)
	return u, err
}

// SetRole records a user's role, when the configuration changed it.
func (db *DB) SetRole(ctx context.Context, id int64, role podo.Role) error {
	_, err := db.ExecContext(ctx, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?", role, time.Now().UTC(), id)
	return err
}

// FindUser returns a user by id.
func (db *DB) FindUser(ctx context.Context, id int64) (podo.User, error) {
	var u podo.User
	err := db.QueryRowContext(ctx, "SELECT id, name, email, picture_url, role FROM users WHERE id = ?", id).
		Scan(&u.ID, &u.Name, &u.Email, &u.PictureURL, &u.Role)
	if errors.Is(err, sql.ErrNoRows) {
		return u, podo.Errorf(podo.EUnauthorized, "Your account no longer exists. Please sign in again.")
	}
	return u, err
}

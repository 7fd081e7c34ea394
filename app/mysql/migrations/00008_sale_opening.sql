-- +goose Up
-- When a show goes on sale (NULL: it is on sale) and whether buyers wait in its line first.
-- Both are read with the show and inside the booking transaction, which refuses a booking before
-- the opening; the line itself lives in Redis.
ALTER TABLE shows ADD COLUMN sale_opens_at DATETIME(3) NULL, ADD COLUMN waiting_room TINYINT(1) NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE shows DROP COLUMN waiting_room, DROP COLUMN sale_opens_at;

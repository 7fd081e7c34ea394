-- +goose Up
-- A seat's grade (VIP, R, S, A; '' in halls without grades), written with its price from the
-- show's layout: the seats table is what a booking is charged from, so it must say what the
-- seat map says.
ALTER TABLE seats ADD COLUMN grade VARCHAR(3) NOT NULL DEFAULT '' AFTER col;

-- +goose Down
ALTER TABLE seats DROP COLUMN grade;

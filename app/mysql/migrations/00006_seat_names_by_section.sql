-- +goose Up
-- Seats of big halls are named by floor, section, row and number ("1F-B-7-12"), longer than the
-- original's "A1", and rows of a section may be numbered up to 99: the seat name columns grow to
-- 12 characters and the row label to 2. The foreign key from reservation_seats to seats names
-- both columns, so it is dropped while they change and made again (which checks every row).
ALTER TABLE reservation_seats DROP FOREIGN KEY fk_reservation_seats_seat;
ALTER TABLE seats MODIFY name VARCHAR(12) NOT NULL, MODIFY row_label VARCHAR(2) NOT NULL;
ALTER TABLE reservation_seats MODIFY seat_name VARCHAR(12) NOT NULL,
    ADD CONSTRAINT fk_reservation_seats_seat FOREIGN KEY (show_id, seat_name) REFERENCES seats (show_id, name);

-- +goose Down
ALTER TABLE reservation_seats DROP FOREIGN KEY fk_reservation_seats_seat;
ALTER TABLE seats MODIFY name VARCHAR(3) NOT NULL, MODIFY row_label CHAR(1) NOT NULL;
ALTER TABLE reservation_seats MODIFY seat_name VARCHAR(3) NOT NULL,
    ADD CONSTRAINT fk_reservation_seats_seat FOREIGN KEY (show_id, seat_name) REFERENCES seats (show_id, name);

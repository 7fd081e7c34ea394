-- +goose Up
-- Who owns a seat is decided here, by constraints, not by Redis:
--   reservation_seats' primary key (show_id, seat_name) lets a seat belong to one active reservation;
--   reservations' unique (user_id, show_id, active) lets a user hold one active reservation per show
--   (active is 1 while the reservation stands and NULL once cancelled, and NULLs never collide);
--   the foreign key to seats means only seats of the show's hall can be sold, and a sold seat cannot
--   be removed from the hall; shows.reserved_count moves in the same transaction as the rows it counts.
CREATE TABLE users (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    provider    VARCHAR(20)  NOT NULL,
    subject     VARCHAR(255) NOT NULL,
    email       VARCHAR(255) NOT NULL DEFAULT '',
    name        VARCHAR(100) NOT NULL,
    picture_url VARCHAR(512) NOT NULL DEFAULT '',
    role        ENUM('user','admin') NOT NULL DEFAULT 'user',
    created_at  DATETIME(3)  NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    UNIQUE KEY uq_users_identity (provider, subject)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE shows (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title          VARCHAR(100)  NOT NULL,
    description    VARCHAR(1000) NOT NULL DEFAULT '',
    poster_url     VARCHAR(512)  NOT NULL DEFAULT '',
    show_date      DATE          NOT NULL,
    start_time     TIME          NOT NULL,
    end_time       TIME          NOT NULL,
    venue          VARCHAR(100)  NOT NULL,
    price          BIGINT        NOT NULL,
    layout         TEXT          NOT NULL,
    total_seats    INT           NOT NULL,
    reserved_count INT           NOT NULL DEFAULT 0,
    created_at     DATETIME(3)   NOT NULL,
    updated_at     DATETIME(3)   NOT NULL,
    CONSTRAINT chk_shows_reserved CHECK (reserved_count >= 0 AND reserved_count <= total_seats),
    CONSTRAINT chk_shows_price CHECK (price >= 0),
    KEY idx_shows_date (show_date, start_time, id),
    KEY idx_shows_popular (reserved_count, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE seats (
    show_id   BIGINT     NOT NULL,
    name      VARCHAR(3) NOT NULL,
    row_label CHAR(1)    NOT NULL,
    col       INT        NOT NULL,
    price     BIGINT     NOT NULL,
    PRIMARY KEY (show_id, name),
    CONSTRAINT fk_seats_show FOREIGN KEY (show_id) REFERENCES shows (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE reservations (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT       NOT NULL,
    show_id      BIGINT       NOT NULL,
    seat_names   VARCHAR(255) NOT NULL,
    seat_count   INT          NOT NULL,
    total        BIGINT       NOT NULL,
    status       ENUM('active','cancelled') NOT NULL DEFAULT 'active',
    active       TINYINT      NULL DEFAULT 1,
    created_at   DATETIME(3)  NOT NULL,
    cancelled_at DATETIME(3)  NULL,
    UNIQUE KEY uq_reservations_user_show_active (user_id, show_id, active),
    KEY idx_reservations_show (show_id),
    CONSTRAINT chk_reservations_active CHECK ((status = 'active' AND active = 1) OR (status = 'cancelled' AND active IS NULL)),
    CONSTRAINT chk_reservations_count CHECK (seat_count > 0),
    CONSTRAINT fk_reservations_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_reservations_show FOREIGN KEY (show_id) REFERENCES shows (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per seat of an active reservation; cancelling deletes them (reservations.seat_names keeps history).
CREATE TABLE reservation_seats (
    show_id        BIGINT     NOT NULL,
    seat_name      VARCHAR(3) NOT NULL,
    reservation_id BIGINT     NOT NULL,
    price          BIGINT     NOT NULL,
    PRIMARY KEY (show_id, seat_name),
    KEY idx_reservation_seats_reservation (reservation_id),
    CONSTRAINT fk_reservation_seats_seat FOREIGN KEY (show_id, seat_name) REFERENCES seats (show_id, name),
    CONSTRAINT fk_reservation_seats_reservation FOREIGN KEY (reservation_id) REFERENCES reservations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The first outcome of a request sent with an Idempotency-Key, replayed to retries.
CREATE TABLE idempotency_keys (
    user_id      BIGINT       NOT NULL,
    idem_key     VARCHAR(128) NOT NULL,
    request_hash CHAR(64)     NOT NULL,
    status_code  INT          NOT NULL,
    body         MEDIUMTEXT   NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (user_id, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE reservation_seats;
DROP TABLE reservations;
DROP TABLE seats;
DROP TABLE shows;
DROP TABLE users;

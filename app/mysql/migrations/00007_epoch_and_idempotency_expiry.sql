-- +goose Up
-- The epoch names this database's life. Redis keeps everything it holds for the service (taken
-- seats, holds, lock marks, sessions, rate limits, events) under it, so a new database never
-- inherits what Redis kept for another; restoring a backup gives the database a new epoch
-- (`podo new-epoch`, see the README), so it never inherits what Redis kept for the live one.
CREATE TABLE epoch (
    id    TINYINT  NOT NULL PRIMARY KEY,
    value CHAR(16) NOT NULL,
    CONSTRAINT chk_epoch_one_row CHECK (id = 1)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
INSERT INTO epoch (id, value) VALUES (1, LEFT(SHA2(CONCAT(UUID(), RAND()), 256), 16));

-- Idempotency records expire (a retry comes within minutes, never days); this index lets the
-- purge find old rows without scanning the table.
ALTER TABLE idempotency_keys ADD KEY idx_idempotency_keys_created (created_at);

-- +goose Down
ALTER TABLE idempotency_keys DROP KEY idx_idempotency_keys_created;
DROP TABLE epoch;

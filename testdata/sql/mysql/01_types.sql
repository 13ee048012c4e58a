-- Fixtures of the sources/mysql tests (tables prefixed t_; the e2e corpus uses e2e_).
-- The tables declare the case- and accent-insensitive utf8mb4_general_ci that real databases
-- use (the test database's default is utf8mb4_nopad_bin), so exact eq is really tested.
-- Loaded by scripts/test.sh into sfconnect_test (MariaDB; the /*M! ... */ parts are
-- MariaDB-only and skipped by MySQL).

-- One column of every type the mapping table names.
CREATE TABLE t_types (
    id            INT PRIMARY KEY,
    c_bool        BOOLEAN,
    c_tinyint     TINYINT,
    c_utinyint    TINYINT UNSIGNED,
    c_smallint    SMALLINT,
    c_usmallint   SMALLINT UNSIGNED,
    c_mediumint   MEDIUMINT,
    c_int         INT,
    c_uint        INT UNSIGNED,
    c_bigint      BIGINT,
    c_ubigint     BIGINT UNSIGNED,
    c_decimal     DECIMAL(14, 2),
    c_float       FLOAT,
    c_double      DOUBLE,
    c_bit1        BIT(1),
    c_bit8        BIT(8),
    c_year        YEAR,
    c_char        CHAR(3),
    c_varchar     VARCHAR(40) COMMENT 'A short text',
    c_tinytext    TINYTEXT,
    c_text        TEXT,
    c_longtext    LONGTEXT,
    c_enum        ENUM('happy', 'sad', 'indifferent'),
    c_set         SET('a', 'b', 'c'),
    c_json        JSON,
    /*M!100700 c_uuid UUID, */
    /*M!101000 c_inet6 INET6, */
    c_binary      BINARY(4),
    c_varbinary   VARBINARY(16),
    c_blob        BLOB,
    c_date        DATE,
    c_time        TIME,
    c_time3       TIME(3),
    c_datetime    DATETIME,
    c_datetime6   DATETIME(6),
    c_timestamp   TIMESTAMP NULL DEFAULT NULL,
    c_geometry    GEOMETRY
) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci COMMENT 'One column of every type';

INSERT INTO t_types (id, c_bool, c_tinyint, c_utinyint, c_smallint, c_usmallint, c_mediumint, c_int, c_uint,
    c_bigint, c_ubigint, c_decimal, c_float, c_double, c_bit1, c_bit8, c_year, c_char, c_varchar, c_tinytext,
    c_text, c_longtext, c_enum, c_set, c_json, c_binary, c_varbinary, c_blob, c_date, c_time, c_time3,
    c_datetime, c_datetime6, c_timestamp)
VALUES
    (1, TRUE, -128, 255, -32768, 65535, -8388608, 2147483647, 4294967295, 9223372036854775807,
     18446744073709551615, 123456789012.34, 1.5, 2.25, b'1', b'10101010', 2024, 'ab', 'Grüße, 世界 🚀', 'tiny',
     'text', 'long text', 'sad', 'a,c', '{"a": 1}', x'00ff1000', x'00ff10', x'cafe', '2024-02-29',
     '23:59:59', '08:00:00.500', '2024-02-29 12:34:56', '2024-02-29 12:34:56.789000', '2024-02-29 12:34:56'),
    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

-- Database-filled columns.
CREATE TABLE t_generated (
    id          BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
    price       DECIMAL(10, 2) NOT NULL DEFAULT 0,
    qty         INT NOT NULL,
    total       DECIMAL(12, 2) AS (price * qty) STORED,
    total_v     DECIMAL(12, 2) AS (price * qty) VIRTUAL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    note        TEXT COMMENT 'Free text'
) COMMENT 'Rows with database-filled columns';

-- Keys: composite primary key, a unique constraint, a composite unique index; a prefix index
-- cannot identify a row and is not reported.
CREATE TABLE t_keys (
    region  VARCHAR(10),
    no      INT,
    code    VARCHAR(20) NOT NULL UNIQUE,
    email   VARCHAR(100),
    label   VARCHAR(100),
    PRIMARY KEY (region, no),
    UNIQUE KEY t_keys_email (email, region),
    UNIQUE KEY t_keys_label_prefix (label(10))
) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

CREATE TABLE t_nokey (x INT, y TEXT);
CREATE VIEW t_types_view AS SELECT id, c_varchar, c_decimal FROM t_types;

-- A schema (database) other than the default.
CREATE DATABASE IF NOT EXISTS sfconnect_test_sales;
CREATE TABLE sfconnect_test_sales.t_orders (order_id INT PRIMARY KEY, amount DECIMAL(10, 2) NOT NULL);
INSERT INTO sfconnect_test_sales.t_orders VALUES (1, 10.50), (2, 99.99);

-- Constraint violations (ClientError) and write round trips; tests delete what they insert.
CREATE TABLE t_parent (id INT PRIMARY KEY) ENGINE = InnoDB;
INSERT INTO t_parent VALUES (1);
CREATE TABLE t_child (
    id         INT PRIMARY KEY,
    parent_id  INT NOT NULL,
    code       VARCHAR(5) UNIQUE,
    qty        INT CHECK (qty >= 0),
    FOREIGN KEY (parent_id) REFERENCES t_parent (id)
) ENGINE = InnoDB CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE TABLE t_roundtrip (
    id      INT AUTO_INCREMENT PRIMARY KEY,
    amount  DECIMAL(20, 6),
    at      DATETIME(6),
    at_ts   TIMESTAMP(6) NULL DEFAULT NULL,
    day     DATE,
    label   VARCHAR(100),
    data    VARBINARY(64),
    ok      BOOLEAN,
    ratio   DOUBLE,
    guid    CHAR(36)
) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;

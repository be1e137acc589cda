package io.osiris.connector.mysql;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.SplitRead;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code mysql} connector (also {@code mariadb}): discovery from information_schema,
 * streaming extraction, and all-or-nothing loads, over Connector/J and a small HikariCP pool.
 *
 * <p>Configuration ({@code connections.mysql.NAME} in {@code .osiris.yaml}): {@code host},
 * {@code port} (3306), {@code database}, {@code user}, {@code password}; or a {@code jdbc_url}
 * ({@code jdbc:mysql://...}) with {@code user}/{@code password} beside it or in it. Optional:
 * {@code ssl_mode} ({@code DISABLED}, {@code PREFERRED} (default), {@code REQUIRED},
 * {@code VERIFY_CA}, {@code VERIFY_IDENTITY}), {@code pool_size} (4),
 * {@code allow_public_key_retrieval} (false), and the time limits {@code statement_timeout} (10m, enforced
 * by the server: MariaDB's {@code max_statement_time}, MySQL's {@code max_execution_time} for
 * SELECT), {@code connect_timeout} (10s) and {@code socket_timeout} (statement_timeout + 1m). The pool is
 * created on first use; no connection is made by {@link #open}.
 *
 * <p>Types read as follows. Integers widen where a signed Java type would overflow:
 * {@code TINYINT}/{@code SMALLINT} → SMALLINT, {@code SMALLINT UNSIGNED}/{@code MEDIUMINT}/
 * {@code INT} → INTEGER, {@code INT UNSIGNED}/{@code BIGINT} → BIGINT,
 * {@code BIGINT UNSIGNED} → DECIMAL(20,0). {@code TINYINT(1)}, {@code BOOLEAN} and
 * {@code BIT(1)} → BOOLEAN; wider {@code BIT(n)} → BINARY. {@code FLOAT} → REAL,
 * {@code DOUBLE} → DOUBLE, {@code DECIMAL(p,s)} → DECIMAL(p,s) (STRING beyond 38 digits).
 * {@code DATETIME} → TIMESTAMP (LocalDateTime, as stored); {@code TIMESTAMP} → TIMESTAMP_TZ
 * (OffsetDateTime in UTC: sessions run with {@code time_zone = '+00:00'}). {@code DATE} → DATE.
 * {@code TIME} → INTERVAL (Duration): MySQL's TIME is an elapsed time from {@code -838:59:59}
 * to {@code 838:59:59}, not a time of day, and only an interval holds all of it; a TIME or
 * INTERVAL column Osiris creates is {@code TIME(6)}. {@code JSON} (MariaDB's checked
 * LONGTEXT too) → JSON. Character types → STRING (utf8mb4); binary types and BLOBs → BINARY;
 * {@code YEAR} → SMALLINT.
 *
 * <p><b>Zero dates.</b> MySQL can store {@code '0000-00-00'} and {@code '0000-00-00 00:00:00'},
 * which no Java date represents. They read as NULL ({@code zeroDateTimeBehavior=CONVERT_TO_NULL}),
 * never as an error and never as a made-up date.
 *
 * <p>Loads create a missing table as InnoDB, utf8mb4 with a binary collation, with
 * DECIMAL(p,s), DATETIME(6), TIMESTAMP(6) (instants), TIME(6), VARCHAR(n) up to 255 characters
 * else LONGTEXT, JSON, VARBINARY/LONGBLOB, BOOLEAN, and CHAR(36) for UUIDs (which therefore
 * read back as STRING). {@code append} and {@code upsert} ({@code ON DUPLICATE KEY UPDATE},
 * matching on the table's unique keys) run in one transaction; {@code replace} loads a staging
 * table and swaps it in with one atomic {@code RENAME TABLE}. {@code replace} recreates the
 * table with {@code CREATE TABLE ... LIKE}: columns, indexes and keys are kept, but foreign
 * keys, triggers and grants naming the old table are not carried over.
 *
 * <p>A table extraction can be read as key ranges on several connections ({@link SplitRead}):
 * on an integer primary key, else an indexed integer, DATE, DATETIME or TIMESTAMP column; each
 * split in its own read-only snapshot transaction, all started together when the plan is made
 * ({@code docs/parallel-extraction.md}).
 */
public final class MySqlConnectorProvider implements ConnectorProvider {

    /** Creates the provider; nothing is loaded or connected until {@link #open}. */
    public MySqlConnectorProvider() {
    }

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("mariadb");
    }

    /** MySQL and MariaDB SQL: backslash escapes in strings, backtick-quoted names, executable comments. */
    @Override
    public SqlDialect dialect() {
        return SqlDialect.MYSQL;
    }

    /** {@link CsvExport}, {@link CsvImport}, {@link SplitRead}. */
    @Override
    public Set<Class<? extends ConnectorCapability>> capabilities() {
        return Set.of(CsvExport.class, CsvImport.class, SplitRead.class);
    }

    /** The published type map ({@code osiris types}): what {@link MySqlTypes} applies. */
    @Override
    public Optional<TypeMapping> typeMapping() {
        return Optional.of(MySqlTypeMapping.INSTANCE);
    }

    @Override
    public String description() {
        return "MySQL and MariaDB: discovery, streaming extraction, append/replace/upsert loads";
    }

    @Override
    public List<ConfigKey> configKeys() {
        List<ConfigKey> timeouts = io.osiris.jdbc.JdbcTimeouts.configKeys();
        return List.of(
                ConfigKey.optional("host", "server host name or address; required unless jdbc_url is set"),
                ConfigKey.optional("port", "server port, default 3306"),
                ConfigKey.optional("database", "the database (schema) to discover, read and write"),
                ConfigKey.optional("user", "user name; required unless jdbc_url carries it"),
                ConfigKey.secret("password", "the user's password"),
                ConfigKey.optional("jdbc_url", "a full jdbc:mysql:// URL instead of host/port/database"),
                ConfigKey.optional("ssl_mode",
                        "DISABLED, PREFERRED (default), REQUIRED, VERIFY_CA or VERIFY_IDENTITY"),
                ConfigKey.optional("pool_size", "most pooled connections, default 4"),
                ConfigKey.optional("connect_timeout_seconds", "older spelling of connect_timeout, in seconds"),
                ConfigKey.optional("allow_public_key_retrieval",
                        "true to let caching_sha2_password fetch the server key without TLS"),
                ConfigKey.optional("create_database",
                        "true to create the database on connect when it does not exist (osiris init --demo-db)"),
                timeouts.get(0), timeouts.get(1), timeouts.get(2));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        config.requireKnownKeys(configKeys());
        MySqlSettings settings = MySqlSettings.from(config);
        return new MySqlConnector(config.type(), new MySqlClient(settings, config.location()));
    }
}

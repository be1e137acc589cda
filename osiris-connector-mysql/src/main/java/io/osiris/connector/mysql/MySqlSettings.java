package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach one MySQL/MariaDB server, derived from a {@link ConnectorConfig}: the JDBC URL
 * (without credentials), the user and password kept apart, and the Connector/J properties
 * Osiris relies on. {@link #toString()} never shows the password.
 *
 * @param jdbcUrl     {@code jdbc:mysql://host:port/database}, or the configured {@code jdbc_url}
 * @param user        the user, empty when the URL carries it
 * @param password    the password, empty for none
 * @param properties  Connector/J connection properties
 * @param display     where this is, for messages: host:port/database, never a secret
 * @param poolSize    the most pooled connections
 * @param timeouts    statement, connect and socket timeouts
 * @param connection  the connection entry, for the host's data source or password supplier
 */
record MySqlSettings(String jdbcUrl, String user, String password, Map<String, String> properties, String display,
        int poolSize, io.osiris.jdbc.JdbcTimeouts timeouts, ConnectorConfig connection) {

    /** Where a connection given the host's own data source is, for messages. */
    static final String HOST_DATA_SOURCE = "the host application's data source";

    static final int DEFAULT_PORT = 3306;
    static final int DEFAULT_POOL_SIZE = 4;
    /**
     * A directory no file can ever be in, or null where there is none: a path below
     * {@code /dev/null}, a character device on Linux and macOS. See {@link #driverProperties}.
     */
    static final String NO_LOCAL_FILES_PATH = noLocalFilesPath();

    private static String noLocalFilesPath() {
        java.nio.file.Path devNull = java.nio.file.Path.of("/dev/null");
        if (java.io.File.separatorChar == '/' && java.nio.file.Files.exists(devNull)
                && !java.nio.file.Files.isDirectory(devNull) && !java.nio.file.Files.isRegularFile(devNull)) {
            return "/dev/null/osiris-reads-no-local-files";
        }
        return null;
    }

    MySqlSettings {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(display, "display");
        requireNonNull(timeouts, "timeouts");
        requireNonNull(connection, "connection");
        properties = Map.copyOf(properties);
    }

    /** The password to connect with now: the host's supplier's, read now, else the configured one. */
    String currentPassword() {
        return connection.password().map(java.util.function.Supplier::get).orElse(password);
    }

    /**
     * Derives the settings from a connection entry: {@code jdbc_url}, or {@code host},
     * {@code port}, {@code database}; plus {@code user}, {@code password}, {@code ssl_mode},
     * {@code pool_size}, the timeouts ({@link io.osiris.jdbc.JdbcTimeouts}) and {@code allow_public_key_retrieval}.
     *
     * @throws ConfigurationException when a key is missing or malformed
     */
    static MySqlSettings from(ConnectorConfig config) {
        String user = config.get("user").orElse("");
        String password = config.properties().getOrDefault("password", "");
        String url;
        String display;
        if (config.get("jdbc_url").isPresent()) {
            url = normaliseJdbcUrl(config, config.get("jdbc_url").get().trim());
            display = redactUrl(url);
        } else if (config.dataSource().isPresent() && config.get("host").isEmpty()) {
            // The host's pool knows where the server is; its connections carry their own settings.
            url = "";
            display = HOST_DATA_SOURCE;
        } else {
            String host = config.require("host").trim();
            int port = config.getInt("port", DEFAULT_PORT);
            if (port < 1 || port > 65_535) {
                throw new ConfigurationException(config.location() + ".port: expected 1..65535, got " + port);
            }
            String database = config.get("database").orElse("").trim();
            if (database.indexOf('/') >= 0 || database.indexOf('?') >= 0) {
                throw new ConfigurationException(
                        config.location() + ".database: '" + database + "' is not a database name");
            }
            if (user.isEmpty()) {
                throw new ConfigurationException(config.location()
                        + ": missing 'user'. Add it to the connection in .osiris.yaml (or give a jdbc_url).");
            }
            String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            url = "jdbc:mysql://" + hostPart + ":" + port + "/" + database;
            display = hostPart + ":" + port + "/" + database;
        }
        int poolSize = config.getInt("pool_size", DEFAULT_POOL_SIZE);
        if (poolSize < 1) {
            throw new ConfigurationException(config.location() + ".pool_size: expected at least 1, got " + poolSize);
        }
        io.osiris.jdbc.JdbcTimeouts timeouts = io.osiris.jdbc.JdbcTimeouts.from(config, "connect_timeout_seconds");
        // A host's connections carry the host's own driver settings; without ours (the LOCAL INFILE
        // capability among them) loads take the batched-INSERT path, which needs none.
        Map<String, String> props = url.isEmpty() ? Map.of() : driverProperties(config, timeouts);
        return new MySqlSettings(url, user, password, props, display, poolSize, timeouts, config);
    }

    /** How long to wait for a connection. */
    long connectTimeoutMillis() {
        return timeouts.connect().toMillis();
    }

    /** The Connector/J properties every Osiris connection uses, each for a stated reason. */
    private static Map<String, String> driverProperties(ConnectorConfig config, io.osiris.jdbc.JdbcTimeouts timeouts) {
        Map<String, String> p = new LinkedHashMap<>();
        // Binary protocol rows: measured ~1.6M rows/s streamed against ~0.9M for the text protocol.
        p.put("useServerPrepStmts", "true");
        // No prepared-statement cache: a cached server statement keeps the result columns it
        // was prepared with, and pipelines drop and recreate tables under the same SQL text.
        // A JDBC batch becomes multi-row INSERTs: one round trip per few thousand rows.
        p.put("rewriteBatchedStatements", "true");
        // The session runs in UTC, so a TIMESTAMP column (an instant) reads and writes as UTC
        // wall-clock time whatever the JVM's or server's zone; DATETIME is never shifted.
        p.put("connectionTimeZone", "UTC");
        p.put("forceConnectionTimeZoneToSession", "true");
        p.put("preserveInstants", "true");
        // '0000-00-00' cannot be a LocalDate: zero dates read as NULL (documented on the provider).
        p.put("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        // utf8mb4 on the wire, so 4-byte characters (emoji) survive.
        p.put("characterEncoding", "UTF-8");
        // TINYINT(1) and BIT(1) are MySQL's booleans.
        p.put("tinyInt1isBit", "true");
        p.put("transformedBitIsBoolean", "true");
        // YEAR is a small number, not a date on 1 January.
        p.put("yearIsDateType", "false");
        // The client never uploads a local file. Loads do use LOAD DATA LOCAL INFILE, but fed
        // from a stream of the writer's own rows (MySqlWriter): for that the server must see the
        // LOCAL capability, which Connector/J announces when allowLoadLocalInfile is on or an
        // allowLoadLocalInfileInPath is set. Turning allowLoadLocalInfile on for every connection
        // would let a rogue or compromised server answer ANY query (an extraction, a catalog query)
        // with a request for a file of its choosing (~/.ssh/id_rsa) and get it. Instead the allowed
        // path is one that can never exist (below /dev/null, which is not a directory), so outside a
        // load any request fails; the writer switches allowLoadLocalInfile on only for its own
        // LOAD DATA statement, with its stream set, and Connector/J then answers every request
        // with that stream, never a file. Where no such path exists the capability stays off and
        // loads fall back to batched INSERTs.
        p.put("allowLoadLocalInfile", "false");
        if (NO_LOCAL_FILES_PATH != null) {
            p.put("allowLoadLocalInfileInPath", NO_LOCAL_FILES_PATH);
        }
        p.put("connectTimeout", String.valueOf(timeouts.connect().toMillis()));
        // A read that blocks this long fails instead of hanging on a stalled server; it is longer
        // than the statement timeout, which the server enforces itself (MySqlClient).
        p.put("socketTimeout", String.valueOf(Math.min(Integer.MAX_VALUE, timeouts.socket().toMillis())));
        p.put("sslMode", sslMode(config));
        if (config.getBoolean("allow_public_key_retrieval", false)) {
            p.put("allowPublicKeyRetrieval", "true");
        }
        if (config.getBoolean("create_database", false)) {
            // Connector/J's own public option: CREATE DATABASE IF NOT EXISTS on connect.
            p.put("createDatabaseIfNotExist", "true");
        }
        return p;
    }

    /** {@code ssl_mode} as Connector/J's {@code sslMode}, accepting PostgreSQL-style spellings too. */
    static String sslMode(ConnectorConfig config) {
        String raw = config.get("ssl_mode").or(() -> config.get("sslmode")).orElse("PREFERRED");
        String mode = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (mode) {
            case "DISABLED", "DISABLE", "FALSE", "OFF" -> "DISABLED";
            case "PREFERRED", "PREFER" -> "PREFERRED";
            case "REQUIRED", "REQUIRE", "TRUE", "ON" -> "REQUIRED";
            case "VERIFY_CA" -> "VERIFY_CA";
            case "VERIFY_IDENTITY", "VERIFY_FULL" -> "VERIFY_IDENTITY";
            default -> throw new ConfigurationException(config.location() + ".ssl_mode: expected one of "
                    + "DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY; got '" + raw + "'");
        };
    }

    private static String normaliseJdbcUrl(ConnectorConfig config, String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:mysql:")) {
            return url;
        }
        // A MariaDB URL names the same server; Connector/J speaks to it.
        if (lower.startsWith("jdbc:mariadb:")) {
            return "jdbc:mysql:" + url.substring("jdbc:mariadb:".length());
        }
        throw new ConfigurationException(config.location() + ".jdbc_url: expected a jdbc:mysql:// URL, got '"
                + redactUrl(url) + "'");
    }

    /** A URL with any password parameter and user-info password masked. */
    static String redactUrl(String url) {
        String masked = url.replaceAll("(?i)(password\\d?=)[^&;)]*", "$1****");
        return masked.replaceAll("(//[^/:@]*):[^/@]*@", "$1:****@");
    }

    @Override
    public String toString() {
        return "MySqlSettings[" + display + " user=" + user + " password=" + (password.isEmpty() ? "" : "****") + "]";
    }
}

package io.osiris.testkit;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real test databases are, and what to do when one does not answer: skip with a
 * reason, or fail when {@code -Dosiris.it.required=true} (as {@code .ci/run} sets).
 *
 * <p>Addresses come from {@code OSIRIS_TEST_MYSQL_URL} and {@code OSIRIS_TEST_POSTGRES_URL}
 * (JDBC URLs), defaulting to the local servers: MariaDB as root with an empty password and
 * PostgreSQL with trust auth, both on database {@code test}.
 */
public final class TestDatabases {
    /** Default MySQL/MariaDB address. */
    public static final String DEFAULT_MYSQL_URL = "jdbc:mysql://127.0.0.1:3306/test?user=root&password=";
    /** Default PostgreSQL address. */
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    /** System property that turns a missing database into a failure. */
    public static final String REQUIRED_PROPERTY = "osiris.it.required";

    private TestDatabases() {
    }

    /** The MySQL/MariaDB JDBC URL tests use. */
    public static String mysqlUrl() {
        return env("OSIRIS_TEST_MYSQL_URL", DEFAULT_MYSQL_URL);
    }

    /** The PostgreSQL JDBC URL tests use. */
    public static String postgresUrl() {
        return env("OSIRIS_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL);
    }

    /** Whether absent databases fail the build instead of skipping tests. */
    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRED_PROPERTY, "false"));
    }

    /**
     * Opens a JDBC connection to a test database, or skips (fails, when required) the calling
     * test with a reason when it does not answer. The caller closes the connection.
     */
    public static Connection connect(String jdbcUrl) {
        String reason = unreachableReason(jdbcUrl);
        if (reason == null) {
            try {
                return DriverManager.getConnection(jdbcUrl);
            } catch (SQLException e) {
                reason = "cannot connect to " + redact(jdbcUrl) + ": " + e.getMessage();
            }
        }
        abortOrFail(reason);
        throw new AssertionError("unreachable");
    }

    /** Skips the calling test with a reason, or fails it when databases are required. */
    public static void abortOrFail(String reason) {
        if (required()) {
            Assertions.fail(reason + " (-D" + REQUIRED_PROPERTY + "=true: database tests are required)");
        }
        Assumptions.abort(reason + "; set -D" + REQUIRED_PROPERTY + "=true to fail instead of skipping");
    }

    /** A URL with its password parameter masked, for messages. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    private static String unreachableReason(String jdbcUrl) {
        try {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
            int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(uri.getScheme());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 2000);
            }
            return null;
        } catch (Exception e) {
            return "no database answers at " + redact(jdbcUrl) + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")";
        }
    }

    private static int defaultPort(String scheme) {
        return switch (scheme == null ? "" : scheme.toLowerCase(Locale.ROOT)) {
            case "mysql", "mariadb" -> 3306;
            case "postgresql" -> 5432;
            default -> throw new IllegalArgumentException("no default port for " + scheme);
        };
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}

package io.osiris.connector.mysql;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowStream;
import io.osiris.testkit.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Properties;

/**
 * Not a test: measures how close the extractor comes to a bare Connector/J read. Creates
 * {@code osiris_bench_2m} (2M rows, nine columns) when missing, then reads every row and column
 * twice each way (the first pass warms up) and prints rows/s and the ratio.
 *
 * <pre>
 * cd /work/main &amp;&amp; flock /tmp/osiris-mvn.lock mvn -q -pl osiris-connector-mysql test-compile \
 *     dependency:build-classpath -Dmdep.outputFile=/tmp/mysql-cp.txt
 * java -cp osiris-connector-mysql/target/classes:osiris-connector-mysql/target/test-classes:$(cat /tmp/mysql-cp.txt) \
 *     io.osiris.connector.mysql.MySqlExtractBenchmark
 * </pre>
 *
 * The database comes from {@code OSIRIS_TEST_MYSQL_URL} like the integration tests.
 */
public final class MySqlExtractBenchmark {
    private static final String TABLE = "osiris_bench_2m";
    private static final long ROWS = 2_000_000;

    private MySqlExtractBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = TestDatabases.mysqlUrl();
        try (MySqlTestDatabase db = new MySqlTestDatabase()) {
            ensureTable(db.connection(), TABLE);
            ConnectorConfig config = db.config("bench");
            for (int pass = 1; pass <= 2; pass++) {
                String label = pass == 1 ? "warm-up" : "measured";
                double bare = bareJdbc(url);
                double ours = extractor(config);
                System.out.printf(Locale.ROOT, "%-8s bare JDBC: %,.0f rows/s   extractor: %,.0f rows/s   ratio: %.2f%n",
                        label, bare, ours, ours / bare);
            }
        }
    }

    /** Creates {@code table}, the 2M-row nine-column benchmark table, unless it is there already. */
    static void ensureTable(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                if (rs.next() && rs.getLong(1) == ROWS) {
                    return;
                }
            } catch (SQLException missing) {
                // created below
            }
            System.out.println("creating " + table + " with " + ROWS + " rows ...");
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, qty INT NOT NULL,"
                    + " created_at TIMESTAMP(0) NOT NULL DEFAULT '2000-01-01 00:00:00', amount DECIMAL(12,2) NOT NULL,"
                    + " name VARCHAR(64) NOT NULL, country CHAR(2) NOT NULL, note TEXT NULL, score DOUBLE NULL,"
                    + " active BOOLEAN NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            String digits = "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
                    + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
            st.execute("SET time_zone = '+00:00'");
            st.execute("INSERT INTO " + table + " SELECT n + 1, n % 1000,"
                    + " TIMESTAMP '2020-01-01 00:00:00' + INTERVAL n SECOND, (n % 100000) / 100,"
                    + " CONCAT('customer ', n), ELT(1 + n % 5, 'US', 'FR', 'DE', 'JP', 'BR'),"
                    + " IF(n % 3 = 0, NULL, CONCAT('note ', n)), IF(n % 7 = 0, NULL, n / 7), n % 2 = 0"
                    + " FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d"
                    + " + 1000000 * h.d AS n FROM " + digits + " a, " + digits + " b, " + digits + " c, "
                    + digits + " e, " + digits + " f, " + digits + " g, (SELECT 0 d UNION ALL SELECT 1) h) s");
        }
    }

    /** The fastest bare read measured here: streaming over server-side prepared statements. */
    private static double bareJdbc(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("useServerPrepStmts", "true");
        props.setProperty("connectionTimeZone", "UTC");
        props.setProperty("forceConnectionTimeZoneToSession", "true");
        long start = System.nanoTime();
        long rows = 0;
        long checksum = 0;
        try (Connection c = DriverManager.getConnection(url, props);
                PreparedStatement ps = c.prepareStatement("SELECT * FROM " + TABLE,
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    checksum += rs.getLong(1) + rs.getInt(2);
                    LocalDateTime t = rs.getObject(3, LocalDateTime.class);
                    BigDecimal amount = rs.getBigDecimal(4);
                    String name = rs.getString(5);
                    String country = rs.getString(6);
                    String note = rs.getString(7);
                    double score = rs.getDouble(8);
                    boolean active = rs.getBoolean(9);
                    checksum += t.getSecond() + amount.scale() + name.length() + country.length()
                            + (note == null ? 0 : note.length()) + (long) score + (active ? 1 : 0);
                }
            }
        }
        return report(rows, checksum, start);
    }

    private static double extractor(ConnectorConfig config) {
        long start = System.nanoTime();
        long rows = 0;
        long checksum = 0;
        try (Connector connector = new MySqlConnectorProvider().open(config);
                RowStream stream = connector.extractor().extract(new Extraction.Table(TABLE))) {
            while (stream.next()) {
                rows++;
                checksum += stream.getLong(0) + stream.getLong(1);
                Object t = stream.get(2);
                BigDecimal amount = stream.getDecimal(3);
                String name = stream.getString(4);
                String country = stream.getString(5);
                String note = stream.isNull(6) ? null : stream.getString(6);
                double score = stream.isNull(7) ? 0 : stream.getDouble(7);
                boolean active = stream.getBoolean(8);
                checksum += t.hashCode() % 2 + amount.scale() + name.length() + country.length()
                        + (note == null ? 0 : note.length()) + (long) score + (active ? 1 : 0);
            }
        }
        return report(rows, checksum, start);
    }

    private static double report(long rows, long checksum, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rows != ROWS) {
            throw new IllegalStateException("read " + rows + " rows, expected " + ROWS + " (checksum " + checksum + ")");
        }
        return rows / seconds;
    }
}

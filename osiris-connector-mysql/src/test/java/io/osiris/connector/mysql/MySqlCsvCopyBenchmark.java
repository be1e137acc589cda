package io.osiris.connector.mysql;

import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowSchema;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Not a test: rows/s of the CSV copy over its two routes, Connector/J's packets
 * ({@link WireRowCopy}) and public JDBC getters ({@link JdbcRowCopy}), on a 1M-row table like
 * bench/'s (nine columns: integers, a TIMESTAMP, a DECIMAL, texts, a DOUBLE, a BOOLEAN). The
 * routes alternate for five passes each after one warm-up pass each; the client thread's
 * CPU-seconds are printed beside the wall time because other work on the machine moves the wall
 * time more than it moves the CPU time.
 *
 * <pre>
 * mvn -q -o -pl osiris-connector-mysql -am test-compile
 * mvn -q -o -pl osiris-connector-mysql dependency:build-classpath -Dmdep.outputFile=/tmp/mysql-cp.txt
 * java -cp osiris-connector-mysql/target/classes:osiris-connector-mysql/target/test-classes:$(cat /tmp/mysql-cp.txt) \
 *     io.osiris.connector.mysql.MySqlCsvCopyBenchmark [TABLE]
 * </pre>
 *
 * The database comes from {@code OSIRIS_TEST_MYSQL_URL} like the integration tests; {@code TABLE}
 * (default {@code osiris_copy_bench_1m}) is created when missing.
 */
public final class MySqlCsvCopyBenchmark {
    private static final long ROWS = 1_000_000;
    private static final int PASSES = 5;

    private MySqlCsvCopyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String table = args.length > 0 ? args[0] : "osiris_copy_bench_1m";
        try (MySqlTestDatabase db = new MySqlTestDatabase()) {
            ensureTable(db.connection(), table);
            MySqlClient client = new MySqlClient(MySqlSettings.from(db.config("bench")), "bench");
            try {
                Extraction extraction = new Extraction.Table(table);
                RowSchema schema = new MySqlExtractor(client).describe(extraction);
                String sql = "SELECT * FROM " + table;
                Route[] routes = {new Route("wire", DriverGuard.TESTED), new Route("jdbc", DriverGuard.NONE)};
                for (Route route : routes) {
                    route.run(client, sql, schema, false);
                }
                for (int pass = 0; pass < PASSES; pass++) {
                    for (Route route : routes) {
                        route.run(client, sql, schema, true);
                    }
                }
                for (Route route : routes) {
                    System.out.printf(Locale.ROOT, "%-5s best %,.0f rows/s, median %,.0f rows/s; client CPU %.2f s per"
                            + " 1M rows (best), %,d bytes%n", route.name, route.best(), route.median(),
                            route.bestCpu, route.bytes);
                }
                System.out.printf(Locale.ROOT, "jdbc/wire: %.2f (median rows/s), CPU %.2f%n",
                        routes[1].median() / routes[0].median(), routes[1].bestCpu / routes[0].bestCpu);
            } finally {
                client.close();
            }
        }
    }

    /** One route and its measured passes. */
    private static final class Route {
        private final String name;
        private final DriverGuard guard;
        private final double[] rates = new double[PASSES];
        private int passes;
        private double bestCpu = Double.MAX_VALUE;
        private long bytes;

        Route(String name, DriverGuard guard) {
            this.name = name;
            this.guard = guard;
        }

        void run(MySqlClient client, String sql, RowSchema schema, boolean measured) {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Counting out = new Counting();
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long rows = MySqlCsvCopy.of(client, ReadSession.pooled(client), sql, 0, schema, "bench", guard).orElseThrow().writeTo(out);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            if (rows != ROWS) {
                throw new IllegalStateException("copied " + rows + " rows, expected " + ROWS);
            }
            System.out.printf(Locale.ROOT, "%-8s %-5s %,.0f rows/s, client CPU %.2f s, %,d bytes%n",
                    measured ? "measured" : "warm-up", name, rows / seconds, cpuSeconds, out.bytes);
            if (measured) {
                rates[passes++] = rows / seconds;
                bestCpu = Math.min(bestCpu, cpuSeconds);
                bytes = out.bytes;
            }
        }

        double best() {
            return java.util.Arrays.stream(rates).max().orElse(0);
        }

        double median() {
            double[] sorted = rates.clone();
            java.util.Arrays.sort(sorted);
            return sorted[PASSES / 2];
        }
    }

    /** Counts what is written and keeps none of it. */
    private static final class Counting extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    private static void ensureTable(Connection c, String table) throws SQLException {
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
                    + " FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d AS n"
                    + " FROM " + digits + " a, " + digits + " b, " + digits + " c, " + digits + " e, " + digits
                    + " f, " + digits + " g) s");
        }
    }
}

package io.osiris.connector.supabase;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.testkit.TestDatabases;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.postgresql.PGStatement;

/**
 * Throughput of the connector against bare pgjdbc and psql's {@code \copy}, on a 2M-row,
 * nine-column table (created once). Not a test: run it by hand, see the report in the module.
 *
 * <pre>
 * mvn -q -f osiris-connector-supabase/pom.xml test-compile
 * java -cp "osiris-connector-supabase/target/test-classes:osiris-connector-supabase/target/classes:$CP" \
 *      io.osiris.connector.supabase.PostgresBenchmark
 * </pre>
 */
public final class PostgresBenchmark {
    private static final long ROWS = 2_000_000;
    private static final String TABLE = "osiris_bench_2m";
    private static final String CSV = "/tmp/osiris_bench.csv";
    private static final String DDL_COLUMNS = "(id bigint PRIMARY KEY, qty integer NOT NULL, created_at timestamp NOT NULL,"
            + " amount numeric(12,2) NOT NULL, name varchar(40) NOT NULL, country char(2) NOT NULL, note text,"
            + " score double precision, active boolean NOT NULL)";

    private PostgresBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = TestDatabases.postgresUrl();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long count = -1;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                count = rs.getLong(1);
            } catch (java.sql.SQLException missing) {
                c.setAutoCommit(true);
            }
            if (count != ROWS) {
                System.out.println("creating " + TABLE + " with " + ROWS + " rows...");
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("CREATE TABLE " + TABLE + " " + DDL_COLUMNS);
                s.execute("INSERT INTO " + TABLE + " SELECT g, (g % 1000)::int, timestamp '2020-01-01' + g * interval '1 second',"
                        + " (g % 100000) / 100.0, 'customer name ' || g, (ARRAY['NL','DE','FR','US'])[1 + g % 4],"
                        + " CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g END,"
                        + " CASE WHEN g % 5 = 0 THEN NULL ELSE g / 7.0 END, g % 2 = 0"
                        + " FROM generate_series(1, " + ROWS + ") g");
                s.execute("VACUUM ANALYZE " + TABLE);
            }
        }

        // Warm-up so the JIT has compiled both paths before anything is timed.
        bareJdbc(url, 200_000);
        try (Connector connector = open(url)) {
            extractor(connector, 200_000);
        }

        double bare = bareJdbc(url, 0);
        double ours;
        double load;
        try (Connector connector = open(url)) {
            ours = extractor(connector, 0);
            load = writer(connector);
        }
        double psqlOut = psql("\\copy (SELECT * FROM " + TABLE + ") TO '" + CSV + "' CSV", url);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS osiris_bench_psql");
            s.execute("CREATE TABLE osiris_bench_psql " + DDL_COLUMNS.replace(" PRIMARY KEY", ""));
        }
        double psqlIn = psql("\\copy osiris_bench_psql FROM '" + CSV + "' CSV", url);

        System.out.printf("%nrows: %,d, nine columns%n", ROWS);
        System.out.printf("bare JDBC read (binary, fetch 10k):      %,12.0f rows/s%n", bare);
        System.out.printf("Osiris extractor, every column typed:    %,12.0f rows/s  (%.2fx bare JDBC)%n", ours, ours / bare);
        System.out.printf("psql \\copy (SELECT ...) TO csv:          %,12.0f rows/s  (extractor %.2fx psql)%n", psqlOut,
                ours / psqlOut);
        System.out.printf("Osiris writer, append into a new table:  %,12.0f rows/s%n", load);
        System.out.printf("psql \\copy t FROM csv:                   %,12.0f rows/s  (writer %.2fx psql)%n", psqlIn,
                load / psqlIn);
    }

    private static Connector open(String url) {
        return new SupabaseConnectorProvider().open(new ConnectorConfig("postgres", "bench", Map.of("jdbc_url", url)));
    }

    private static double bareJdbc(String url, long limit) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            long rows = 0;
            long sink = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + TABLE + (limit > 0 ? " LIMIT " + limit : ""))) {
                ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        sink += rs.getLong(1) + rs.getInt(2);
                        sink += rs.getObject(3, LocalDateTime.class).getSecond();
                        sink += rs.getBigDecimal(4).scale();
                        sink += rs.getString(5).length() + rs.getString(6).length();
                        String note = rs.getString(7);
                        sink += note == null ? 0 : note.length();
                        double score = rs.getDouble(8);
                        sink += rs.wasNull() ? 0 : (long) score;
                        sink += rs.getBoolean(9) ? 1 : 0;
                    }
                }
            }
            c.rollback();
            return rate(rows, start, sink);
        }
    }

    private static double extractor(Connector connector, long limit) {
        long start = System.nanoTime();
        long rows = 0;
        long sink = 0;
        try (RowStream s = connector.extractor().extract(new Extraction.Table(TABLE, List.of(), "", limit))) {
            while (s.next()) {
                rows++;
                sink += s.getLong(0) + s.getLong(1);
                sink += ((LocalDateTime) s.get(2)).getSecond();
                sink += s.getDecimal(3).scale();
                sink += s.getString(4).length() + s.getString(5).length();
                sink += s.isNull(6) ? 0 : s.getString(6).length();
                sink += s.isNull(7) ? 0 : (long) s.getDouble(7);
                sink += s.getBoolean(8) ? 1 : 0;
            }
        }
        return rate(rows, start, sink);
    }

    private static double writer(Connector connector) {
        RowSchema schema = connector.extractor().describe(new Extraction.Table(TABLE));
        List<ColumnInfo> columns = new ArrayList<>(schema.columns());
        LocalDateTime base = LocalDateTime.of(2020, 1, 1, 0, 0);
        // Generated rows, so the figure is the writer's, not the extractor's.
        java.util.Iterator<List<Object>> rows = new java.util.Iterator<>() {
            long g;

            @Override
            public boolean hasNext() {
                return g < ROWS;
            }

            @Override
            public List<Object> next() {
                g++;
                return java.util.Arrays.asList(g, (int) (g % 1000), base.plusSeconds(g),
                        BigDecimal.valueOf(g % 100_000, 2), "customer name " + g, g % 2 == 0 ? "NL" : "DE",
                        g % 3 == 0 ? null : "note " + g, g % 5 == 0 ? null : g / 7.0, g % 2 == 0);
            }
        };
        try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS osiris_bench_load");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        long start = System.nanoTime();
        long written = connector.loader().orElseThrow().load(new LoadRequest("osiris_bench_load", WriteMode.APPEND),
                RowStream.of(new RowSchema(columns), rows)).rowsWritten();
        return rate(written, start, 0);
    }

    private static double psql(String command, String jdbcUrl) throws Exception {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String user = "postgres";
        if (uri.getQuery() != null) {
            for (String p : uri.getQuery().split("&")) {
                if (p.startsWith("user=")) {
                    user = p.substring(5);
                }
            }
        }
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-h", uri.getHost(), "-p",
                String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432), "-U", user, "-d",
                uri.getPath().substring(1), "-v", "ON_ERROR_STOP=1", "-c", command);
        pb.inheritIO();
        Properties env = new Properties();
        env.putAll(pb.environment());
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("psql failed: " + command);
        }
        return rate(ROWS, start, 0);
    }

    private static double rate(long rows, long startNanos, long sink) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (sink == 42) {
            System.out.print(""); // keeps the reads from being optimised away
        }
        return rows / seconds;
    }
}

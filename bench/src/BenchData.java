import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Properties;

/**
 * The bench's tables and files: the source tables (made once), the load targets (made on every
 * run), the native loaders' inputs, and the raw JDBC readers that are the extract baselines.
 */
final class BenchData {
    static final long ROWS = OsirisBench.ROWS;
    static final String SRC = OsirisBench.SRC;
    static final String LOAD = OsirisBench.LOAD;
    static final String NATIVE = OsirisBench.NATIVE;
    static final String MYSQL_URL = OsirisBench.MYSQL_URL;
    static final String PG_URL = OsirisBench.PG_URL;

    static final String MYSQL_DDL = "(id BIGINT NOT NULL PRIMARY KEY, qty INT NOT NULL,"
            + " created_at TIMESTAMP NOT NULL DEFAULT '2000-01-01 00:00:00', amount DECIMAL(12,2) NOT NULL,"
            + " name VARCHAR(64) NOT NULL, country CHAR(2) NOT NULL, note TEXT NULL, score DOUBLE NULL,"
            + " active BOOLEAN NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    static final String PG_DDL = "(id bigint PRIMARY KEY, qty integer NOT NULL, created_at timestamp NOT NULL,"
            + " amount numeric(12,2) NOT NULL, name varchar(64) NOT NULL, country char(2) NOT NULL, note text,"
            + " score double precision, active boolean NOT NULL)";

    private BenchData() {
    }

    // ------------------------------------------------------------------ data

    static void ensureSources() throws SQLException {
        try (Connection c = DriverManager.getConnection(MYSQL_URL); Statement s = c.createStatement()) {
            if (count(s, SRC) != ROWS) {
                System.err.println("bench: creating MariaDB " + SRC + " (" + ROWS + " rows) ...");
                s.execute("DROP TABLE IF EXISTS " + SRC);
                s.execute("CREATE TABLE " + SRC + " " + MYSQL_DDL);
                s.execute("SET time_zone = '+00:00'");
                // MariaDB's sequence engine (seq_0_to_N); MySQL would need a generated row source.
                s.execute("INSERT INTO " + SRC + " SELECT seq + 1, seq % 1000,"
                        + " TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq SECOND, (seq % 100000) / 100,"
                        + " CONCAT('customer ', seq), ELT(1 + seq % 5, 'US', 'FR', 'DE', 'JP', 'BR'),"
                        + " IF(seq % 3 = 0, NULL, CONCAT('note ', seq)), IF(seq % 7 = 0, NULL, seq / 7), seq % 2 = 0"
                        + " FROM seq_0_to_" + (ROWS - 1));
            }
            for (String t : List.of(LOAD, NATIVE)) {
                s.execute("DROP TABLE IF EXISTS " + t);
                s.execute("CREATE TABLE " + t + " " + MYSQL_DDL);
            }
        }
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            if (count(s, SRC) != ROWS) {
                System.err.println("bench: creating PostgreSQL " + SRC + " (" + ROWS + " rows) ...");
                s.execute("DROP TABLE IF EXISTS " + SRC);
                s.execute("CREATE TABLE " + SRC + " " + PG_DDL);
                s.execute("INSERT INTO " + SRC + " SELECT n + 1, n % 1000,"
                        + " TIMESTAMP '2020-01-01 00:00:00' + n * INTERVAL '1 second', (n % 100000) / 100.0,"
                        + " 'customer ' || n, (ARRAY['US','FR','DE','JP','BR'])[1 + n % 5],"
                        + " CASE WHEN n % 3 = 0 THEN NULL ELSE 'note ' || n END,"
                        + " CASE WHEN n % 7 = 0 THEN NULL ELSE n / 7.0 END, n % 2 = 0"
                        + " FROM generate_series(0, " + (ROWS - 1) + ") AS n");
                s.execute("VACUUM ANALYZE " + SRC);
            }
            for (String t : List.of(LOAD, NATIVE)) {
                s.execute("DROP TABLE IF EXISTS " + t);
                s.execute("CREATE TABLE " + t + " " + PG_DDL);
            }
        }
    }

    static long count(Statement s, String table) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException missing) {
            return -1;
        }
    }

    static void checkCount(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long n = count(s, table);
            if (n != ROWS) {
                throw new IllegalStateException(table + " at " + url + " holds " + n + " rows after the load");
            }
        }
    }

    static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The native loaders' inputs, from the same Parquet file the osiris loads read (not timed). */
    static void prepareLoadFiles(Path work, Path parquet, Path pgCsv, Path myTsv) throws SQLException, IOException {
        Files.deleteIfExists(work.resolve("load_rows.duckdb"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            String from = " FROM read_parquet('" + parquet + "')";
            s.execute("COPY (SELECT *" + from + ") TO '" + pgCsv + "' (FORMAT csv, HEADER false)");
            // LOAD DATA's defaults: tab-separated, \N for NULL; MariaDB's BOOLEAN is a TINYINT.
            s.execute("COPY (SELECT id, qty, created_at, amount, name, country, note, score, active::INT" + from
                    + ") TO '" + myTsv + "' (FORMAT csv, DELIMITER '\t', HEADER false, NULLSTR '\\N')");
        }
        // The load pipelines' duckdb source holds the Parquet file's rows: the engine reads no file
        // a pipeline does not declare, so a query there cannot read_parquet(...) the file itself.
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("load_rows.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE source AS SELECT * FROM read_parquet('" + parquet + "')");
        }
        System.err.println("bench: load inputs ready: " + Files.size(pgCsv) / 1_000_000 + " MB csv, "
                + Files.size(myTsv) / 1_000_000 + " MB tsv (" + StandardCharsets.UTF_8 + ")");
    }

    // ------------------------------------------------------------------ raw JDBC readers (child processes)

    /** The fastest bare Connector/J read: streaming (fetch size MIN_VALUE) over server-side prepared statements. */
    static long readMySql() throws SQLException {
        Properties props = new Properties();
        props.setProperty("useServerPrepStmts", "true");
        props.setProperty("connectionTimeZone", "UTC");
        props.setProperty("forceConnectionTimeZoneToSession", "true");
        long rows = 0;
        long checksum = 0;
        try (Connection c = DriverManager.getConnection(MYSQL_URL, props);
                PreparedStatement ps = c.prepareStatement("SELECT * FROM " + SRC, ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    checksum += consume(rs);
                }
            }
        }
        System.out.println(rows + " rows, checksum " + checksum);
        return rows;
    }

    /** The fastest bare pgjdbc read: binary transfer (prepareThreshold -1), a 10k-row cursor, autocommit off. */
    static long readPostgres() throws SQLException {
        long rows = 0;
        long checksum = 0;
        try (Connection c = DriverManager.getConnection(PG_URL + "&prepareThreshold=-1")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + SRC)) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        checksum += consume(rs);
                    }
                }
            }
            c.rollback();
        }
        System.out.println(rows + " rows, checksum " + checksum);
        return rows;
    }

    /** Reads every column of the row with its typed getter, as a pipeline must. */
    private static long consume(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        int qty = rs.getInt(2);
        LocalDateTime t = rs.getObject(3, LocalDateTime.class);
        BigDecimal amount = rs.getBigDecimal(4);
        String name = rs.getString(5);
        String country = rs.getString(6);
        String note = rs.getString(7);
        double score = rs.getDouble(8);
        boolean active = rs.getBoolean(9);
        return id + qty + t.getSecond() + amount.scale() + name.length() + country.length()
                + (note == null ? 0 : note.length()) + (long) score + (active ? 1 : 0);
    }
}

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Issue 9's benchmark: how `osiris run` compares, as a whole process, with a bare JDBC read and
 * with the databases' own clients, on a 2M-row, nine-column table in MariaDB and PostgreSQL, in
 * both directions. Run it with {@code bench/run}, which builds the jar and holds the build lock.
 *
 * <p>Every figure is a separate process timed from the outside (JVM start included) under
 * {@code /usr/bin/time -v} for its peak RSS; each case runs {@code BENCH_REPEAT} times (2 by
 * default) and the best is kept, with the spread shown so noisy figures are visible.
 *
 * <p>{@code OsirisBench read mysql|postgres} is the raw JDBC reader child process.
 */
public final class OsirisBench {
    static final long ROWS = 2_000_000;
    static final String SRC = "osiris_bench_src";
    static final String LOAD = "osiris_bench_load";
    static final String NATIVE = "osiris_bench_load_native";
    static final String MYSQL_URL = "jdbc:mysql://127.0.0.1:3306/test?user=root&password=";
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String JAVA_XMX = "-Xmx96m";
    /**
     * The JIT options the launcher gives commands that move data (see {@code ./osiris}). The raw
     * JDBC readers run both with the JVM's defaults and with these, and the faster of the two is
     * the baseline, so no ratio gains from a setting the baseline did not get.
     */
    static final List<String> LAUNCHER_JIT = List.of("-XX:Tier4InvocationThreshold=40000",
            "-XX:Tier4CompileThreshold=50000", "-XX:Tier4BackEdgeThreshold=400000");
    static final String MYSQL_DDL = "(id BIGINT NOT NULL PRIMARY KEY, qty INT NOT NULL,"
            + " created_at TIMESTAMP NOT NULL DEFAULT '2000-01-01 00:00:00', amount DECIMAL(12,2) NOT NULL,"
            + " name VARCHAR(64) NOT NULL, country CHAR(2) NOT NULL, note TEXT NULL, score DOUBLE NULL,"
            + " active BOOLEAN NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    static final String PG_DDL = "(id bigint PRIMARY KEY, qty integer NOT NULL, created_at timestamp NOT NULL,"
            + " amount numeric(12,2) NOT NULL, name varchar(64) NOT NULL, country char(2) NOT NULL, note text,"
            + " score double precision, active boolean NOT NULL)";

    private final Path jar;
    private final Path classes;
    private final Path work;
    private final int repeat;
    private final Map<String, Result> results = new LinkedHashMap<>();

    /** A measured case: the best wall time over the repeats, the worst, and the peak RSS of the best. */
    record Result(double best, double worst, long rssKb) {
        double rate() {
            return ROWS / best;
        }

        boolean noisy() {
            return worst > best * 1.10;
        }
    }

    private OsirisBench(Path jar, Path classes, Path work, int repeat) {
        this.jar = jar;
        this.classes = classes;
        this.work = work;
        this.repeat = repeat;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("read")) {
            long rows = args[1].equals("mysql") ? readMySql() : readPostgres();
            if (rows != ROWS) {
                System.err.println("read " + rows + " rows, expected " + ROWS);
                System.exit(1);
            }
            return;
        }
        int repeat = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPEAT", "2"));
        Path work = Path.of(System.getenv().getOrDefault("BENCH_WORK", "/tmp/osiris-bench"));
        new OsirisBench(Path.of(args[0]), Path.of(args[1]), work, repeat).run();
    }

    // ------------------------------------------------------------------ the run

    private void run() throws Exception {
        Files.createDirectories(work.resolve("out"));
        Files.writeString(work.resolve(".osiris.yaml"), """
                version: 1
                connections:
                  mysql:
                    default: {host: 127.0.0.1, port: 3306, database: test, user: root, password: ""}
                  supabase:
                    default: {host: 127.0.0.1, port: 5432, database: test, user: postgres, sslmode: disable}
                """);
        ensureSources();
        // The launcher makes its class-data archive on its first start after a build: not timed.
        Process warm = new ProcessBuilder(launcher().toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (warm.waitFor() != 0) {
            throw new IllegalStateException(launcher() + " --version failed");
        }
        System.err.println("bench: measuring (" + repeat + " run(s) per case) ...");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();

        // ---- extract
        measure("my.jdbc", javaCmd(List.of(), "OsirisBench", "read", "mysql"), null);
        measure("my.jdbc.jit", javaCmd(LAUNCHER_JIT, "OsirisBench", "read", "mysql"), null);
        measure("my.client", List.of("mariadb", "-h127.0.0.1", "-P3306", "-uroot", "--batch", "--quick", "test",
                "-e", "SELECT * FROM " + SRC), work.resolve("out/mariadb.tsv"));
        measure("my.parquet", osiris(extractPipeline("my_parquet", "mysql", "parquet")), null);
        measure("my.csv", osiris(extractPipeline("my_csv", "mysql", "csv")), null);
        measure("pg.jdbc", javaCmd(List.of(), "OsirisBench", "read", "postgres"), null);
        measure("pg.jdbc.jit", javaCmd(LAUNCHER_JIT, "OsirisBench", "read", "postgres"), null);
        measure("pg.client", List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c",
                "\\copy (SELECT * FROM " + SRC + ") TO '" + work.resolve("out/psql.csv") + "' CSV"), null);
        measure("pg.parquet", osiris(extractPipeline("pg_parquet", "supabase", "parquet")), null);
        measure("pg.csv", osiris(extractPipeline("pg_csv", "supabase", "csv")), null);

        // ---- load: the Parquet Osiris wrote from PostgreSQL, into each database
        Path parquet = work.resolve("out/pg_parquet.parquet");
        Path pgCsv = work.resolve("load_pg.csv");
        Path myTsv = work.resolve("load_my.tsv");
        if (selected("my.native") || selected("pg.native") || !Files.exists(work.resolve("load_rows.duckdb"))) {
            prepareLoadFiles(parquet, pgCsv, myTsv);
        }
        String myLoad = "TRUNCATE TABLE " + NATIVE + "; LOAD DATA LOCAL INFILE '" + myTsv + "' INTO TABLE " + NATIVE
                + " FIELDS TERMINATED BY '\\t'";
        measure("my.native", List.of("mariadb", "-h127.0.0.1", "-P3306", "-uroot", "--local-infile=1",
                "--init-command=SET time_zone='+00:00'", "test", "-e", myLoad), null);
        if (selected("my.native")) {
            checkCount(MYSQL_URL, NATIVE);
        }
        measureLoad("my.append", "mysql", "append", MYSQL_URL);
        measureLoad("my.replace", "mysql", "replace", MYSQL_URL);
        measure("pg.native", List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q",
                "-c", "TRUNCATE " + NATIVE, "-c", "\\copy " + NATIVE + " FROM '" + pgCsv + "' CSV"), null);
        if (selected("pg.native")) {
            checkCount(PG_URL, NATIVE);
        }
        measureLoad("pg.append", "supabase", "append", PG_URL);
        measureLoad("pg.replace", "supabase", "replace", PG_URL);

        report(load);
    }

    private void report(String loadAtStart) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Osiris benchmark: %,d rows x 9 columns; whole processes (JVM start"
                + " included), best of %d; osiris (./osiris, JAVA_OPTS) and JDBC readers run with %s.%n", ROWS,
                repeat, JAVA_XMX));
        out.append(String.format(Locale.ROOT, "machine: %d cores; load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), loadAtStart));
        out.append(String.format(Locale.ROOT, "%-44s %8s %11s %9s %8s  %s%n", "case", "seconds", "rows/s",
                "peak RSS", "ratio", "vs"));
        section(out, "EXTRACT  MariaDB " + SRC);
        row(out, "my.jdbc", "raw JDBC (streaming, useServerPrepStmts)", null, null);
        row(out, "my.jdbc.jit", "raw JDBC, the launcher's JIT options", null, null);
        row(out, "my.client", "mariadb --batch --quick > tsv", null, null);
        String myJdbc = faster("my.jdbc", "my.jdbc.jit");
        row(out, "my.parquet", "osiris run mysql -> parquet", myJdbc, "raw JDBC");
        row(out, "my.csv", "osiris run mysql -> csv", myJdbc, "raw JDBC");
        ratio(out, "my.parquet", "my.client", "osiris -> parquet vs mariadb client");
        section(out, "EXTRACT  PostgreSQL " + SRC);
        row(out, "pg.jdbc", "raw JDBC (binary, fetch 10k, autocommit off)", null, null);
        row(out, "pg.jdbc.jit", "raw JDBC, the launcher's JIT options", null, null);
        row(out, "pg.client", "psql \\copy (SELECT) TO csv", null, null);
        String pgJdbc = faster("pg.jdbc", "pg.jdbc.jit");
        row(out, "pg.parquet", "osiris run supabase -> parquet", pgJdbc, "raw JDBC");
        row(out, "pg.csv", "osiris run supabase -> csv", pgJdbc, "raw JDBC");
        ratio(out, "pg.parquet", "pg.client", "osiris -> parquet vs psql \\copy");
        ratio(out, "pg.csv", "pg.client", "osiris -> csv vs psql \\copy");
        section(out, "LOAD  Parquet (2M rows) -> MariaDB table");
        row(out, "my.native", "mariadb LOAD DATA LOCAL INFILE (truncate+load)", null, null);
        row(out, "my.append", "osiris run duckdb -> mysql, append", "my.native", "LOAD DATA");
        row(out, "my.replace", "osiris run duckdb -> mysql, replace", "my.native", "LOAD DATA");
        section(out, "LOAD  Parquet (2M rows) -> PostgreSQL table");
        row(out, "pg.native", "psql \\copy FROM csv (truncate+load)", null, null);
        row(out, "pg.append", "osiris run duckdb -> supabase, append", "pg.native", "psql \\copy");
        row(out, "pg.replace", "osiris run duckdb -> supabase, replace", "pg.native", "psql \\copy");
        List<String> noisy = results.entrySet().stream().filter(e -> e.getValue().noisy()).map(Map.Entry::getKey)
                .toList();
        out.append(noisy.isEmpty() ? "noisy (worst > best + 10%): none\n"
                : "noisy (worst > best + 10%), marked ~: " + noisy + "\n");
        System.out.print(out);
    }

    /** Of two measured cases, the faster (the one measured, if only one was). */
    private String faster(String a, String b) {
        if (!results.containsKey(a) || !results.containsKey(b)) {
            return results.containsKey(a) ? a : b;
        }
        return results.get(a).best <= results.get(b).best ? a : b;
    }

    private static void section(StringBuilder out, String title) {
        out.append(title).append('\n');
    }

    private void row(StringBuilder out, String key, String label, String base, String baseLabel) {
        Result r = results.get(key);
        if (r == null) {
            return;
        }
        String ratio = "";
        String vs = "";
        if (base != null && results.containsKey(base)) {
            Result b = results.get(base);
            ratio = String.format(Locale.ROOT, "%.2f", b.best / r.best);
            vs = baseLabel;
        }
        out.append(String.format(Locale.ROOT, "  %-42s %7.2fs %10.0f %7d MB %8s  %s%s%n", label, r.best, r.rate(),
                r.rssKb / 1024, ratio, vs, r.noisy() ? String.format(Locale.ROOT, "  ~ worst %.2fs", r.worst) : ""));
    }

    private void ratio(StringBuilder out, String key, String base, String label) {
        if (!results.containsKey(key) || !results.containsKey(base)) {
            return;
        }
        out.append(String.format(Locale.ROOT, "  %-42s %36.2f%n", label, results.get(base).best / results.get(key).best));
    }

    // ------------------------------------------------------------------ processes

    private List<String> javaCmd(List<String> options, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", JAVA_XMX));
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", jar + ":" + classes, main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The osiris command as users run it: the launcher beside the clone's jar (with its CDS archive). */
    private Path launcher() {
        return jar.toAbsolutePath().getParent().getParent().getParent().resolve("osiris");
    }

    private List<String> osiris(Path pipeline) {
        return List.of(launcher().toString(), "run", pipeline.toString());
    }

    private void measureLoad(String key, String type, String mode, String url) throws Exception {
        Path pipeline = work.resolve("load_" + key.replace('.', '_') + ".yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: bench_%s
                version: 1.0
                extract:
                  - id: source
                    source: duckdb
                    path: load_rows.duckdb
                    table: source
                load:
                  - id: target
                    from: source
                    to: %s
                    table: %s
                    mode: %s
                """.formatted(key.replace('.', '_'), type, LOAD, mode));
        if (!selected(key)) {
            return;
        }
        Runnable before = mode.equals("append") ? () -> execute(url, "TRUNCATE TABLE " + LOAD) : () -> { };
        measure(key, osiris(pipeline), null, before);
        checkCount(url, LOAD);
    }

    private Path extractPipeline(String name, String source, String format) throws IOException {
        Path pipeline = work.resolve(name + ".yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: bench_%s
                version: 1.0
                extract:
                  - id: source
                    source: %s
                    query: SELECT * FROM %s
                load:
                  - id: save
                    from: source
                    to: %s
                    path: out/%s.%s
                """.formatted(name, source, SRC, format, name, format));
        return pipeline;
    }

    private void measure(String key, List<String> command, Path stdout) throws Exception {
        measure(key, command, stdout, () -> { });
    }

    private boolean selected(String key) {
        String only = System.getenv().getOrDefault("BENCH_CASES", "");
        return only.isBlank() || List.of(only.split(",")).stream().anyMatch(p -> key.startsWith(p.trim()));
    }

    private void measure(String key, List<String> command, Path stdout, Runnable before) throws Exception {
        if (!selected(key)) {
            return;
        }
        double best = Double.MAX_VALUE;
        double worst = 0;
        long rss = 0;
        for (int i = 0; i < repeat; i++) {
            before.run();
            Path timeOut = work.resolve("time.txt");
            Path log = work.resolve("log_" + key + ".txt");
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeOut.toString()));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(log.toFile());
            pb.redirectOutput(stdout != null ? stdout.toFile() : work.resolve("stdout.txt").toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().put("JAVA_OPTS", JAVA_XMX); // read by the osiris launcher only
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(key + ": timed out");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (p.exitValue() != 0) {
                throw new IllegalStateException(key + " failed (exit " + p.exitValue() + "): " + String.join(" ", command)
                        + "\n" + Files.readString(log));
            }
            long kb = peakRssKb(timeOut);
            System.err.printf(Locale.ROOT, "bench: %-11s run %d: %6.2fs  %5d MB%n", key, i + 1, seconds, kb / 1024);
            if (seconds < best) {
                best = seconds;
                rss = kb;
            }
            worst = Math.max(worst, seconds);
        }
        results.put(key, new Result(best, worst, rss));
    }

    private static long peakRssKb(Path timeOutput) throws IOException {
        for (String line : Files.readAllLines(timeOutput)) {
            String t = line.trim();
            if (t.startsWith("Maximum resident set size")) {
                return Long.parseLong(t.substring(t.lastIndexOf(':') + 1).trim());
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ data

    private void ensureSources() throws SQLException {
        try (Connection c = DriverManager.getConnection(MYSQL_URL); Statement s = c.createStatement()) {
            if (count(s, SRC) != ROWS) {
                System.err.println("bench: creating MariaDB " + SRC + " (2M rows) ...");
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
                System.err.println("bench: creating PostgreSQL " + SRC + " (2M rows) ...");
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

    private static long count(Statement s, String table) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException missing) {
            return -1;
        }
    }

    private static void checkCount(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long n = count(s, table);
            if (n != ROWS) {
                throw new IllegalStateException(table + " at " + url + " holds " + n + " rows after the load");
            }
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The native loaders' inputs, from the same Parquet file the osiris loads read (not timed). */
    private void prepareLoadFiles(Path parquet, Path pgCsv, Path myTsv) throws SQLException, IOException {
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
    private static long readMySql() throws SQLException {
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
    private static long readPostgres() throws SQLException {
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

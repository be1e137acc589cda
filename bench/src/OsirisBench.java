import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 9's benchmark: how `osiris run` compares, as a whole process, with a bare JDBC read and
 * with the databases' own clients, on a 2M-row, nine-column table in MariaDB and PostgreSQL, in
 * both directions; and issue 23's scale-out table ({@link ScaleOut}). Run it with
 * {@code bench/run}, which builds the jar and holds the build lock.
 *
 * <p>Every figure is a separate process timed from the outside (JVM start included) under
 * {@code /usr/bin/time -v} for its peak RSS; each case runs {@code BENCH_REPEAT} times (2 by
 * default) and the best is kept, with the spread shown so noisy figures are visible.
 *
 * <p>{@code BENCH_ROWS} (for developing the bench only) sizes the tables; any other size than the
 * default 2M gets tables and a work directory of its own, so the 2M tables stay as they are.
 *
 * <p>{@code OsirisBench read mysql|postgres} is the raw JDBC reader child process.
 */
public final class OsirisBench {
    static final long DEFAULT_ROWS = 2_000_000;
    static final long ROWS = Long.parseLong(System.getenv().getOrDefault("BENCH_ROWS", Long.toString(DEFAULT_ROWS)));
    static final String SUFFIX = ROWS == DEFAULT_ROWS ? "" : "_" + ROWS;
    static final String SRC = "osiris_bench_src" + SUFFIX;
    static final String LOAD = "osiris_bench_load" + SUFFIX;
    static final String NATIVE = "osiris_bench_load_native" + SUFFIX;
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

    private final Path jar;
    private final Path classes;
    private final Path work;
    private final Measure measure;
    private final Map<String, Measure.Result> results;
    private final ScaleOut scaleOut;

    private OsirisBench(Path jar, Path classes, Path work, int repeat) {
        this.jar = jar;
        this.classes = classes;
        this.work = work;
        this.measure = new Measure(work, repeat);
        this.results = measure.results();
        this.scaleOut = new ScaleOut(measure, root(), work);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("read")) {
            long rows = args[1].equals("mysql") ? BenchData.readMySql() : BenchData.readPostgres();
            if (rows != ROWS) {
                System.err.println("read " + rows + " rows, expected " + ROWS);
                System.exit(1);
            }
            return;
        }
        int repeat = Integer.parseInt(System.getenv().getOrDefault("BENCH_REPEAT", "2"));
        Path work = Path.of(System.getenv().getOrDefault("BENCH_WORK", "/tmp/osiris-bench" + SUFFIX.replace('_', '-')));
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
        BenchData.ensureSources();
        // The launcher makes its class-data archive on its first start after a build: not timed.
        Process warm = new ProcessBuilder(launcher().toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (warm.waitFor() != 0) {
            throw new IllegalStateException(launcher() + " --version failed");
        }
        System.err.println("bench: measuring (" + measure.repeat() + " run(s) per case) ...");
        String load = Files.readString(Path.of("/proc/loadavg")).trim();

        // ---- extract
        measure.measure("my.jdbc", javaCmd(List.of(), "OsirisBench", "read", "mysql"), null);
        measure.measure("my.jdbc.jit", javaCmd(LAUNCHER_JIT, "OsirisBench", "read", "mysql"), null);
        List<String> mariadb = List.of("mariadb", "-h127.0.0.1", "-P3306", "-uroot", "--batch", "--quick", "test",
                "-e", "SELECT * FROM " + SRC);
        measure.measure("my.client", mariadb, work.resolve("out/mariadb.tsv"));
        // The dump client as issue 23 compares with it: its output discarded, no disk write.
        measure.measure("my.dump", mariadb, Path.of("/dev/null"));
        measure.measure("my.parquet", osiris(extractPipeline("my_parquet", "mysql", "parquet")), null);
        measure.measure("my.csv", osiris(extractPipeline("my_csv", "mysql", "csv")), null);
        measure.measure("pg.jdbc", javaCmd(List.of(), "OsirisBench", "read", "postgres"), null);
        measure.measure("pg.jdbc.jit", javaCmd(LAUNCHER_JIT, "OsirisBench", "read", "postgres"), null);
        List<String> psql = List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c");
        measure.measure("pg.client", with(psql, "\\copy (SELECT * FROM " + SRC + ") TO '"
                + work.resolve("out/psql.csv") + "' CSV"), null);
        measure.measure("pg.dump", with(psql, "\\copy (SELECT * FROM " + SRC + ") TO STDOUT CSV"),
                Path.of("/dev/null"));
        measure.measure("pg.parquet", osiris(extractPipeline("pg_parquet", "supabase", "parquet")), null);
        measure.measure("pg.csv", osiris(extractPipeline("pg_csv", "supabase", "csv")), null);

        // ---- scale-out (issue 23): partitioned, on Spark, a hand-written Spark job
        scaleOut.run(launcher());

        // ---- load: the Parquet Osiris wrote from PostgreSQL, into each database
        Path parquet = work.resolve("out/pg_parquet.parquet");
        Path pgCsv = work.resolve("load_pg.csv");
        Path myTsv = work.resolve("load_my.tsv");
        boolean loads = Stream.of("my.native", "my.append", "my.replace", "pg.native", "pg.append", "pg.replace")
                .anyMatch(Measure::selected);
        if (Measure.selected("my.native") || Measure.selected("pg.native")
                || loads && !Files.exists(work.resolve("load_rows.duckdb"))) {
            BenchData.prepareLoadFiles(work, parquet, pgCsv, myTsv);
        }
        String myLoad = "TRUNCATE TABLE " + NATIVE + "; LOAD DATA LOCAL INFILE '" + myTsv + "' INTO TABLE " + NATIVE
                + " FIELDS TERMINATED BY '\\t'";
        measure.measure("my.native", List.of("mariadb", "-h127.0.0.1", "-P3306", "-uroot", "--local-infile=1",
                "--init-command=SET time_zone='+00:00'", "test", "-e", myLoad), null);
        if (Measure.selected("my.native")) {
            BenchData.checkCount(MYSQL_URL, NATIVE);
        }
        measureLoad("my.append", "mysql", "append", MYSQL_URL);
        measureLoad("my.replace", "mysql", "replace", MYSQL_URL);
        measure.measure("pg.native", List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q",
                "-c", "TRUNCATE " + NATIVE, "-c", "\\copy " + NATIVE + " FROM '" + pgCsv + "' CSV"), null);
        if (Measure.selected("pg.native")) {
            BenchData.checkCount(PG_URL, NATIVE);
        }
        measureLoad("pg.append", "supabase", "append", PG_URL);
        measureLoad("pg.replace", "supabase", "replace", PG_URL);

        report(load);
    }

    private void report(String loadAtStart) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Osiris benchmark: %,d rows x 9 columns; whole processes (JVM start"
                + " included), best of %d; osiris (./osiris, JAVA_OPTS) and JDBC readers run with %s.%n", ROWS,
                measure.repeat(), JAVA_XMX));
        out.append(String.format(Locale.ROOT, "machine: %d cores; load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), loadAtStart));
        out.append(String.format(Locale.ROOT, "%-44s %8s %11s %9s %8s  %s%n", "case", "seconds", "rows/s",
                "peak RSS", "ratio", "vs"));
        section(out, "EXTRACT  MariaDB " + SRC);
        row(out, "my.jdbc", "raw JDBC (streaming, useServerPrepStmts)", null, null);
        row(out, "my.jdbc.jit", "raw JDBC, the launcher's JIT options", null, null);
        row(out, "my.client", "mariadb --batch --quick > tsv", null, null);
        row(out, "my.dump", "mariadb --batch --quick > /dev/null", null, null);
        String myJdbc = measure.faster("my.jdbc", "my.jdbc.jit");
        row(out, "my.parquet", "osiris run mysql -> parquet", myJdbc, "raw JDBC");
        row(out, "my.csv", "osiris run mysql -> csv", myJdbc, "raw JDBC");
        ratio(out, "my.parquet", "my.client", "osiris -> parquet vs mariadb client");
        section(out, "EXTRACT  PostgreSQL " + SRC);
        row(out, "pg.jdbc", "raw JDBC (binary, fetch 10k, autocommit off)", null, null);
        row(out, "pg.jdbc.jit", "raw JDBC, the launcher's JIT options", null, null);
        row(out, "pg.client", "psql \\copy (SELECT) TO csv", null, null);
        row(out, "pg.dump", "psql \\copy (SELECT) TO STDOUT > /dev/null", null, null);
        String pgJdbc = measure.faster("pg.jdbc", "pg.jdbc.jit");
        row(out, "pg.parquet", "osiris run supabase -> parquet", pgJdbc, "raw JDBC");
        row(out, "pg.csv", "osiris run supabase -> csv", pgJdbc, "raw JDBC");
        ratio(out, "pg.parquet", "pg.client", "osiris -> parquet vs psql \\copy");
        ratio(out, "pg.csv", "pg.client", "osiris -> csv vs psql \\copy");
        section(out, "LOAD  Parquet (" + rowsLabel() + " rows) -> MariaDB table");
        row(out, "my.native", "mariadb LOAD DATA LOCAL INFILE (truncate+load)", null, null);
        row(out, "my.append", "osiris run duckdb -> mysql, append", "my.native", "LOAD DATA");
        row(out, "my.replace", "osiris run duckdb -> mysql, replace", "my.native", "LOAD DATA");
        section(out, "LOAD  Parquet (" + rowsLabel() + " rows) -> PostgreSQL table");
        row(out, "pg.native", "psql \\copy FROM csv (truncate+load)", null, null);
        row(out, "pg.append", "osiris run duckdb -> supabase, append", "pg.native", "psql \\copy");
        row(out, "pg.replace", "osiris run duckdb -> supabase, replace", "pg.native", "psql \\copy");
        scaleOut.report(out);
        List<String> noisy = results.entrySet().stream().filter(e -> e.getValue().noisy()).map(Map.Entry::getKey)
                .toList();
        out.append(noisy.isEmpty() ? "noisy (worst > best + 10%): none\n"
                : "noisy (worst > best + 10%), marked ~: " + noisy + "\n");
        System.out.print(out);
    }

    private static String rowsLabel() {
        return ROWS == DEFAULT_ROWS ? "2M" : Long.toString(ROWS);
    }

    private static void section(StringBuilder out, String title) {
        out.append(title).append('\n');
    }

    private void row(StringBuilder out, String key, String label, String base, String baseLabel) {
        Measure.Result r = results.get(key);
        if (r == null) {
            return;
        }
        String ratio = "";
        String vs = "";
        if (base != null && results.containsKey(base)) {
            Measure.Result b = results.get(base);
            ratio = String.format(Locale.ROOT, "%.2f", b.best() / r.best());
            vs = baseLabel;
        }
        out.append(String.format(Locale.ROOT, "  %-42s %7.2fs %10.0f %7d MB %8s  %s%s%n", label, r.best(), r.rate(),
                r.rssKb() / 1024, ratio, vs, r.noisy() ? String.format(Locale.ROOT, "  ~ worst %.2fs", r.worst()) : ""));
    }

    private void ratio(StringBuilder out, String key, String base, String label) {
        if (!results.containsKey(key) || !results.containsKey(base)) {
            return;
        }
        out.append(String.format(Locale.ROOT, "  %-42s %36.2f%n", label,
                results.get(base).best() / results.get(key).best()));
    }

    // ------------------------------------------------------------------ processes

    private static List<String> with(List<String> command, String last) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(last);
        return cmd;
    }

    private List<String> javaCmd(List<String> options, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of("java", JAVA_XMX));
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", jar + ":" + classes, main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The clone: the jar is {@code osiris-cli/target/osiris.jar} in it. */
    private Path root() {
        return jar.toAbsolutePath().getParent().getParent().getParent();
    }

    /** The osiris command as users run it: the launcher beside the clone's jar (with its CDS archive). */
    private Path launcher() {
        return root().resolve("osiris");
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
        if (!Measure.selected(key)) {
            return;
        }
        Runnable before = mode.equals("append") ? () -> BenchData.execute(url, "TRUNCATE TABLE " + LOAD) : () -> { };
        measure.measure(key, osiris(pipeline), null, before);
        BenchData.checkCount(url, LOAD);
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
}

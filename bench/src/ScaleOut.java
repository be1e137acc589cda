import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Issue 23's cases: the same table to Parquet with partitioned extraction ({@code parallelism: 1, 2,
 * 4}), with Osiris on Spark {@code local[2]}, and with a hand-written Spark JDBC job (1, 2, 4
 * partitions), against the single-stream raw JDBC read and the dump clients with their output
 * discarded. A case whose prerequisite is missing (a key or module not merged yet, no Spark class
 * path) or whose process fails is skipped with the reason; the rest of the bench goes on.
 *
 * <p>Case keys, for BENCH_CASES: {@code my.split.N}, {@code my.spark.N}, {@code my.hand.N} and the
 * same with {@code pg.}, N in 1, 2, 4.
 */
final class ScaleOut {
    static final List<Integer> PARALLELISM = List.of(1, 2, 4);
    static final String SPARK_MASTER = "local[2]";

    /** A source database: its cases' key prefix, its osiris connector, its dump client, the hand job's URL. */
    record Db(String prefix, String connector, String title, String dumpLabel, String handUrl) {
    }

    static final List<Db> DBS = List.of(
            // Spark refuses the MIN_VALUE fetch size of Connector/J's streaming; a server-side cursor
            // with Spark's fetch size is how a Spark user streams a MySQL read.
            new Db("my", "mysql", "MariaDB", "mariadb --quick",
                    "jdbc:mysql://127.0.0.1:3306/test?user=root&password=&useCursorFetch=true"),
            new Db("pg", "supabase", "PostgreSQL", "psql \\copy",
                    "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));

    private final Measure measure;
    private final Path work;
    private final SparkSide spark;
    private final Map<String, String> routes = new LinkedHashMap<>();
    private final Map<String, String> wrongRows = new LinkedHashMap<>();

    ScaleOut(Measure measure, Path root, Path work) {
        this.measure = measure;
        this.work = work;
        this.spark = new SparkSide(root);
    }

    void run(Path launcher) throws Exception {
        Path sparkDir = Files.createDirectories(work.resolve("spark"));
        Files.createDirectories(sparkDir.resolve("out"));
        Files.writeString(sparkDir.resolve(".osiris.yaml"), Files.readString(work.resolve(".osiris.yaml"))
                + "engine: {type: spark, master: \"" + SPARK_MASTER + "\"}\n");
        for (Db db : DBS) {
            // Osiris on Spark and the hand job take turns, so the machine's slow spells fall on both;
            // so do the splits and the one stream they are compared with (parallelism 1).
            Measure once = measure.oneRunEach();
            for (int round = 0; round < measure.repeat(); round++) {
                for (int n : PARALLELISM) {
                    String key = db.prefix() + ".split." + n;
                    Path pipeline = pipeline(work, db, "split", n);
                    if (Measure.selected(key) && !once.skipped().containsKey(key)
                            && (round > 0 || accepted(launcher, key, pipeline))
                            && once.tryMeasure(key, List.of(launcher.toString(), "run", pipeline.toString()), work)) {
                        afterRun(key, output(work, db, "split", n));
                    }
                }
            }
            for (int round = 0; round < measure.repeat(); round++) {
                for (int n : PARALLELISM) {
                    String key = db.prefix() + ".spark." + n;
                    Path pipeline = pipeline(sparkDir, db, "spark", n);
                    Optional<List<String>> command = spark.osiris(pipeline, key, once);
                    if (Measure.selected(key) && !once.skipped().containsKey(key) && command.isPresent()
                            && (round > 0 || accepted(launcher, key, pipeline))
                            && once.tryMeasure(key, command.get(), sparkDir)) {
                        afterRun(key, output(sparkDir, db, "spark", n));
                    }
                    String hand = db.prefix() + ".hand." + n;
                    Path out = work.resolve("out/hand_" + db.prefix() + "_" + n);
                    command = spark.handJob(db.handUrl(), OsirisBench.SRC, OsirisBench.ROWS, n, out, hand, once);
                    if (Measure.selected(hand) && !once.skipped().containsKey(hand) && command.isPresent()
                            && once.tryMeasure(hand, command.get(), work)) {
                        checkRows(hand, out);
                    }
                }
            }
        }
    }

    private static String name(Db db, String kind, int n) {
        return kind + "_" + db.prefix() + "_" + n;
    }

    /** Where a pipeline of {@link #pipeline} writes (relative paths resolve against the run's directory). */
    private static Path output(Path dir, Db db, String kind, int n) {
        return dir.resolve("out/" + name(db, kind, n) + ".parquet");
    }

    /**
     * The pipeline of a partitioned case: the whole table (a {@code query:} extract stays one
     * stream), {@code parallelism: N}, to one Parquet file.
     */
    private static Path pipeline(Path dir, Db db, String kind, int n) throws IOException {
        String name = name(db, kind, n);
        Path pipeline = dir.resolve(name + ".yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: bench_%s
                version: 1.0
                extract:
                  - id: source
                    source: %s
                    table: %s
                    parallelism: %d
                load:
                  - id: save
                    from: source
                    to: parquet
                    path: out/%s.parquet
                """.formatted(name, db.connector(), OsirisBench.SRC, n, name));
        return pipeline;
    }

    /**
     * Whether this osiris takes the pipeline ({@code osiris validate}, untimed): before the
     * {@code parallelism} key is merged it does not, and the case is skipped with the reason.
     */
    private boolean accepted(Path launcher, String key, Path pipeline) throws Exception {
        Path log = work.resolve("validate_" + key + ".txt");
        Process p = new ProcessBuilder(launcher.toString(), "validate", pipeline.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (p.waitFor() == 0) {
            return true;
        }
        String why = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).findFirst().orElse("no output");
        measure.skip(key, "osiris validate refuses the pipeline (exit " + p.exitValue() + "): " + why.trim());
        return false;
    }

    /** Keeps the route the run printed for its extract step ("via ...") and checks the file's rows. */
    private void afterRun(String key, Path parquet) throws IOException {
        Path log = work.resolve("log_" + key + ".txt");
        try (Stream<String> lines = Files.lines(log)) {
            lines.map(String::trim).filter(l -> l.startsWith("extract") && l.contains(" via "))
                    .findFirst().ifPresent(l -> routes.put(key, l.substring(l.indexOf(" via ") + 5).trim()));
        }
        checkRows(key, parquet);
    }

    /** Counts the rows of a Parquet file, or of a directory of part files (untimed, DuckDB). */
    private void checkRows(String key, Path parquet) {
        String glob = Files.isDirectory(parquet) ? parquet.resolve("*.parquet").toString() : parquet.toString();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + glob.replace("'", "''") + "')")) {
            rs.next();
            long n = rs.getLong(1);
            if (n != OsirisBench.ROWS) {
                wrongRows.put(key, parquet + " holds " + n + " rows, expected " + OsirisBench.ROWS);
            }
        } catch (SQLException e) {
            wrongRows.put(key, parquet + " unreadable: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ the table

    void report(StringBuilder out) {
        Map<String, Measure.Result> r = measure.results();
        if (r.keySet().stream().noneMatch(k -> k.matches("(my|pg)\\.(split|spark|hand)\\..*"))
                && measure.skipped().isEmpty()) {
            return;
        }
        out.append(String.format(Locale.ROOT, "SCALE-OUT  %s -> Parquet; ratio = the baseline's seconds / the case's"
                + " (above 1: faster)%n  Spark cases: %s, -Xmx%s; osiris on Spark %s%n", OsirisBench.SRC, SPARK_MASTER,
                SparkSide.XMX, SparkSide.VIA.equals("cli")
                        ? "as the CLI jar with the Spark jars, the hand job as its classes (BENCH_SPARK_VIA=cli)"
                        : "through SparkSubmit and the app jar, the hand job through SparkSubmit too"
                                + " (BENCH_SPARK_VIA=submit)"));
        for (Db db : DBS) {
            String jdbc = measure.faster(db.prefix() + ".jdbc", db.prefix() + ".jdbc.jit");
            String dump = db.prefix() + ".dump";
            String single = db.prefix() + ".parquet";
            if (r.keySet().stream().noneMatch(k -> k.startsWith(db.prefix() + "."))) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "  %-44s %8s %9s %8s %9s  %s%n", db.title(), "seconds", "peak RSS",
                    "vs JDBC", "vs dump", "vs own baseline"));
            line(out, jdbc, "raw JDBC, single stream (" + jdbc + ")", jdbc, dump, null, "");
            line(out, dump, db.dumpLabel() + " > /dev/null", jdbc, dump, null, "");
            line(out, single, "osiris, query:, single stream", jdbc, dump, null, "");
            line(out, db.prefix() + ".split.1", "osiris, table:, parallelism 1", jdbc, dump, single,
                    "query:, single stream");
            for (int n : PARALLELISM) {
                if (n > 1) {
                    line(out, db.prefix() + ".split." + n, "osiris, table:, parallelism " + n, jdbc, dump,
                            db.prefix() + ".split.1", "parallelism 1, in turns");
                }
            }
            for (int n : PARALLELISM) {
                line(out, db.prefix() + ".spark." + n, "osiris on Spark, parallelism " + n, jdbc, dump,
                        db.prefix() + ".hand." + n, "hand job, " + n + " partition(s)");
            }
            for (int n : PARALLELISM) {
                line(out, db.prefix() + ".hand." + n, "hand-written Spark JDBC job, " + n + " partition(s)", jdbc,
                        dump, null, "");
            }
        }
        routes.forEach((key, route) -> out.append("  route of ").append(key).append(": ").append(route).append('\n'));
        wrongRows.forEach((key, why) -> out.append("  WRONG ROWS ").append(key).append(": ").append(why).append('\n'));
        measure.skipped().forEach((key, why) -> out.append("  skipped ").append(key).append(": ")
                .append(firstLine(why)).append('\n'));
    }

    /** A reason's first line, short enough for the table (the whole reason was printed when it came up). */
    private static String firstLine(String why) {
        String first = why.lines().findFirst().orElse("");
        return first.length() <= 150 ? first : first.substring(0, 147) + "...";
    }

    private void line(StringBuilder out, String key, String label, String jdbc, String dump, String own,
            String ownLabel) {
        Map<String, Measure.Result> r = measure.results();
        Measure.Result m = r.get(key);
        if (m == null) {
            return;
        }
        out.append(String.format(Locale.ROOT, "  %-44s %7.2fs %6d MB %8s %9s  %s%s%n", label, m.best(),
                m.rssKb() / 1024, ratio(r, jdbc, m), ratio(r, dump, m),
                r.containsKey(own) ? ratio(r, own, m) + " vs " + ownLabel : "",
                m.noisy() ? String.format(Locale.ROOT, "  ~ worst %.2fs", m.worst()) : ""));
    }

    private static String ratio(Map<String, Measure.Result> r, String base, Measure.Result m) {
        return base != null && r.containsKey(base) ? String.format(Locale.ROOT, "%.2f", r.get(base).best() / m.best())
                : "";
    }

    // ------------------------------------------------------------------ Spark processes

    /**
     * How the Spark cases start: the JVM flags Spark asks for on Java 17 (its launcher's own list),
     * the Spark jars (osiris-engine-spark's class path, from bench/run), the hand job's classes.
     */
    static final class SparkSide {
        static final String XMX = System.getenv().getOrDefault("BENCH_SPARK_XMX", "1g");
        /** {@code submit}: SparkSubmit with the app jar; {@code cli}: the CLI jar with the Spark jars. */
        static final String VIA = System.getenv().getOrDefault("BENCH_SPARK_VIA", "submit");

        private final Path root;
        private final String classpath;
        private final Path jobClasses;
        private final String drivers;
        private List<String> jvmOptions;

        SparkSide(Path root) {
            this.root = root;
            this.classpath = System.getenv().getOrDefault("BENCH_SPARK_CP", "");
            this.jobClasses = Path.of(System.getenv().getOrDefault("BENCH_SPARK_JOB", "/nonexistent"));
            this.drivers = System.getenv().getOrDefault("BENCH_JDBC_DRIVERS", "");
        }

        /** The hand-written job's command, or empty (the case skipped, with why) if it cannot run. */
        Optional<List<String>> handJob(String url, String table, long rows, int partitions, Path out, String key,
                Measure measure) throws Exception {
            if (!Measure.selected(key) || !ready(key, measure)) {
                return Optional.empty();
            }
            if (!Files.exists(jobClasses.resolve("HandSparkJob.class"))) {
                measure.skip(key, "HandSparkJob is not compiled (" + jobClasses + "; bench/run compiles it against"
                        + " the Spark jars)");
                return Optional.empty();
            }
            List<String> args = List.of(url, table, "1", Long.toString(rows), Integer.toString(partitions),
                    out.toString());
            Path jar = jobClasses.resolveSibling("hand-spark-job.jar");
            if (VIA.equals("submit") && Files.exists(jar)) {
                // Launched as osiris is, so both pay SparkSubmit's start and its copy of the application jar.
                List<String> cmd = java(classpath + ":" + drivers);
                cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", SPARK_MASTER, "--class",
                        "HandSparkJob", jar.toString()));
                cmd.addAll(args);
                return Optional.of(cmd);
            }
            List<String> cmd = java(jobClasses + ":" + classpath + ":" + drivers);
            cmd.add("HandSparkJob");
            cmd.addAll(args);
            return Optional.of(cmd);
        }

        /**
         * The command that runs an osiris pipeline on Spark, or empty (skipped, with why). Two ways,
         * chosen by BENCH_SPARK_VIA: {@code submit} (default) hands the app jar to
         * {@code org.apache.spark.deploy.SparkSubmit}, as on a cluster; {@code cli} runs the CLI jar
         * with osiris-engine-spark and the Spark jars on its class path, as an embedding host would.
         */
        Optional<List<String>> osiris(Path pipeline, String key, Measure measure) throws Exception {
            if (!Measure.selected(key) || !ready(key, measure)) {
                return Optional.empty();
            }
            Path target = root.resolve("osiris-engine-spark/target");
            Path config = pipeline.resolveSibling(".osiris.yaml");
            if (VIA.equals("cli")) {
                Optional<Path> engine = jars(target, p -> !p.contains("-app") && !p.contains("-sources")
                        && !p.contains("-javadoc") && !p.contains("-tests")).filter(ScaleOut::hasServices);
                if (engine.isEmpty()) {
                    measure.skip(key, "no osiris-engine-spark jar with a META-INF/services entry in " + target
                            + " (the Spark engine is not merged or not built)");
                    return Optional.empty();
                }
                Path cli = root.resolve("osiris-cli/target/osiris.jar");
                List<String> cmd = java(cli + ":" + engine.get() + ":" + classpath);
                cmd.addAll(List.of("io.osiris.cli.OsirisCli", "--config", config.toString(), "run",
                        pipeline.toString()));
                return Optional.of(cmd);
            }
            Optional<Path> app = jars(target, p -> p.endsWith("-app.jar"));
            if (app.isEmpty()) {
                measure.skip(key, "no osiris-engine-spark/target/*-app.jar (the spark-submit packaging is not merged"
                        + " or not built); BENCH_SPARK_VIA=cli runs the CLI jar instead");
                return Optional.empty();
            }
            List<String> cmd = java(classpath);
            cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", SPARK_MASTER, "--class",
                    "io.osiris.spark.SparkMain", app.get().toString(), "run", pipeline.toString(), "--config",
                    config.toString()));
            return Optional.of(cmd);
        }

        private boolean ready(String key, Measure measure) {
            if (classpath.isBlank()) {
                measure.skip(key, "no Spark class path (bench/run takes it from osiris-engine-spark with"
                        + " mvn dependency:build-classpath; see its output)");
                return false;
            }
            if (jvmOptions == null) {
                jvmOptions = moduleOptions();
            }
            if (jvmOptions.isEmpty()) {
                measure.skip(key, "spark-launcher is not on the Spark class path (its JavaModuleOptions give the"
                        + " JVM flags Spark needs on Java 17)");
                return false;
            }
            return true;
        }

        /** A JVM for Spark: its heap, the flags Spark's launcher would add, no web UI (as in the tests). */
        private List<String> java(String cp) {
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + XMX));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of("-Dspark.ui.enabled=false", "-cp", cp));
            return cmd;
        }

        /** Spark's own list ({@code JavaModuleOptions.defaultModuleOptions()}), so no flag is guessed. */
        private List<String> moduleOptions() {
            for (String entry : classpath.split(":")) {
                if (!Path.of(entry).getFileName().toString().startsWith("spark-launcher")) {
                    continue;
                }
                try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(entry).toUri().toURL()}, null)) {
                    Object flags = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
                            .getMethod("defaultModuleOptions").invoke(null);
                    return List.of(flags.toString().trim().split("\\s+"));
                } catch (ReflectiveOperationException | IOException e) {
                    System.err.println("bench: cannot read Spark's JVM flags from " + entry + ": " + e);
                }
            }
            return List.of();
        }

        private static Optional<Path> jars(Path dir, java.util.function.Predicate<String> name) throws IOException {
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".jar") && name.test(p.getFileName().toString()))
                        .sorted().findFirst();
            }
        }
    }

    private static boolean hasServices(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> e.getName().startsWith("META-INF/services/") && !e.isDirectory());
        } catch (IOException e) {
            return false;
        }
    }
}

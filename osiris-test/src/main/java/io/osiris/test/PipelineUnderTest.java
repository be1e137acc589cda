package io.osiris.test;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.runner.RunReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One pipeline about to run in a test: give the tables of the connections it names, then
 * {@link #run()}. Every connection the pipeline names (sources and database targets) is replaced;
 * one the test gives nothing stays empty, which suits a load target.
 */
public final class PipelineUnderTest {
    private final PipelineHarness harness;
    private final String yaml;
    private final String source;
    private final Map<String, Given> given = new LinkedHashMap<>();
    private final Map<String, String> vars = new LinkedHashMap<>();

    PipelineUnderTest(PipelineHarness harness, String yaml, String source) {
        this.harness = harness;
        this.yaml = yaml;
        this.source = source;
    }

    /**
     * The tables of a connection the pipeline names ({@code source: mysql} with
     * {@code connection: default}), in place of the real database. For the built-in {@code duckdb}
     * type, name the file as the pipeline does ({@code path: data/movies.duckdb}): it is made in the
     * harness's directory. Tables given to one connection in several calls add up.
     */
    public PipelineUnderTest source(String type, String connection, Consumer<SourceTables> tables) {
        requireNonNull(tables, "tables");
        Given g = given.computeIfAbsent(key(requireNonNull(type, "type"), requireNonNull(connection, "connection")),
                k -> new Given(type, connection, new SourceTables()));
        tables.accept(g.tables());
        return this;
    }

    /**
     * A value for a variable the pipeline declares under {@code vars:}, as
     * {@code osiris run --var name=value} gives it; the default otherwise.
     */
    public PipelineUnderTest var(String name, String value) {
        vars.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
        return this;
    }

    /**
     * Parses and validates the pipeline as {@code osiris run} does, puts the given tables in place
     * and runs it on the real engine.
     *
     * @throws io.osiris.api.ValidationException    with every problem of the pipeline, each with its line
     * @throws io.osiris.api.ConfigurationException when the test gives tables to a connection the
     *                                              pipeline does not name, or an extract reads one it gave none
     * @throws io.osiris.api.OsirisException        when the run fails, as it would in production
     */
    public PipelineOutputs run() {
        ConnectorRegistry registry = harness.registry(given.values().stream().map(Given::type)
                .collect(Collectors.toSet()));
        Path dir = harness.directory();
        Pipeline declared;
        Pipeline pipeline;
        try (Osiris checker = harness.osiris(OsirisConfig.empty(dir), registry)) {
            declared = checker.validate(yaml, source);
            pipeline = checker.bind(declared, vars);
        }
        Map<String, Connection> named = connections(pipeline);
        named.values().forEach(c -> harness.keepOpen(c.standIn(harness)));
        putGivenTables(pipeline, named);
        checkSources(pipeline);
        Map<String, Map<String, ConnectorConfig>> connections = new LinkedHashMap<>();
        for (Connection c : named.values()) {
            connections.computeIfAbsent(c.type(), t -> new LinkedHashMap<>()).put(c.name(),
                    new ConnectorConfig(c.type(), c.name(), Map.of("path", c.standIn(harness).toString())));
        }
        OsirisConfig config = new OsirisConfig(Optional.empty(), 1, connections, Map.of(), Map.of(),
                dir.resolve("output"));
        try (Osiris osiris = harness.osiris(config, registry)) {
            RunReport report = osiris.run(declared, vars);
            return new PipelineOutputs(harness, pipeline, report);
        }
    }

    /** Writes the given tables where the run reads them: a stand-in's database, or a DuckDB file the pipeline names. */
    private void putGivenTables(Pipeline pipeline, Map<String, Connection> named) {
        Set<String> files = duckDbFiles(pipeline);
        for (Given g : given.values()) {
            String k = key(g.type(), g.connection());
            boolean file = g.type().equals(DuckDbConnectorProvider.TYPE) && files.contains(g.connection());
            if (!file && !named.containsKey(k)) {
                throw new ConfigurationException("The test gives tables to " + k + ", which pipeline "
                        + pipeline.name() + " does not name; it names " + describe(named.keySet(), files) + ".");
            }
            Path target = file ? harness.directory().resolve(g.connection()) : named.get(k).standIn(harness);
            g.tables().tables().forEach((table, rows) -> FileRows.put(target, table, rows));
        }
    }

    /** An extract from a connection the test gave no tables, or a table it did not give, fails here by name. */
    private void checkSources(Pipeline pipeline) {
        for (ExtractStep e : pipeline.extracts()) {
            if (e.hasPath()) {
                continue;
            }
            String k = key(e.source(), e.connection());
            Path file = harness.standInFile(e.source(), e.connection());
            List<String> tables = FileRows.tables(file);
            String add = "; give it with .source(\"" + e.source() + "\", \"" + e.connection()
                    + "\", db -> db.csv(\"TABLE\", \"...\"))";
            if (tables.isEmpty()) {
                throw new ConfigurationException("Extract " + e.id() + " reads " + k
                        + ", for which the test gave no tables" + add + ".");
            }
            if (e.extraction() instanceof Extraction.Table t && !tables.contains(t.table())) {
                throw new ConfigurationException("Extract " + e.id() + " reads table " + t.table() + " of " + k
                        + ", which the test did not give (it gave " + tables + ")" + add.replace("TABLE", t.table())
                        + ".");
            }
        }
    }

    /** Every connection the pipeline names, sources and database targets, by {@code type.name}, sorted. */
    private static Map<String, Connection> connections(Pipeline pipeline) {
        Map<String, Connection> named = new TreeMap<>();
        pipeline.extracts().stream().filter(e -> !e.hasPath())
                .forEach(e -> named.put(key(e.source(), e.connection()), new Connection(e.source(), e.connection())));
        pipeline.loads().stream().filter(l -> l.target() == LoadTarget.CONNECTOR)
                .forEach(l -> named.put(key(l.to(), l.connection()), new Connection(l.to(), l.connection())));
        return named;
    }

    /** The DuckDB files the pipeline names by path, as written in it. */
    private static Set<String> duckDbFiles(Pipeline pipeline) {
        Set<String> files = new LinkedHashSet<>();
        pipeline.extracts().stream().filter(ExtractStep::hasPath).forEach(e -> files.add(e.path()));
        pipeline.loads().stream().filter(l -> l.target() == LoadTarget.DUCKDB).map(LoadStep::path).forEach(files::add);
        return files;
    }

    private static String describe(Set<String> named, Set<String> files) {
        Set<String> all = new TreeSet<>(named);
        files.forEach(f -> all.add("duckdb file " + f));
        return all.isEmpty() ? "no connection" : String.join(", ", all);
    }

    private static String key(String type, String connection) {
        return type + "." + connection;
    }

    private record Given(String type, String connection, SourceTables tables) {
    }

    /** A connection a pipeline names. */
    private record Connection(String type, String name) {
        Path standIn(PipelineHarness harness) {
            return harness.standInFile(type, name);
        }
    }
}

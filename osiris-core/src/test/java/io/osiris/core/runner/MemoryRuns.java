package io.osiris.core.runner;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.TransformEngine;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs against in-memory sources and targets (the memory connector) and the real DuckDB engine. */
final class MemoryRuns {
    private static final AtomicInteger NEXT = new AtomicInteger();

    static final RowSchema MOVIES = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("title", ColumnType.STRING), new ColumnInfo("rating", ColumnType.decimal(3, 1)));
    static final List<List<Object>> MOVIE_ROWS = List.of(
            List.of(1, "Alien", new BigDecimal("8.5")),
            List.of(2, "Heat, \"the\" movie", new BigDecimal("8.2")),
            Arrays.asList(3, "Brazil", null));

    private MemoryRuns() {
    }

    /** A database name no other test uses. */
    static String unique() {
        return "rt_" + NEXT.incrementAndGet();
    }

    /** A registered database named {@code name} holding the movies, with the CSV capabilities chosen. */
    static MemoryDatabase movies(String name, boolean csvExport, boolean csvImport) {
        return MemoryDatabase.builder(name).table("movies", MOVIES, MOVIE_ROWS, List.of("id"))
                .csvExport(csvExport).csvImport(csvImport).register();
    }

    /**
     * A runner in {@code dir} whose config has a {@code memory} connection for each name. Its
     * engine has 4 threads whatever the machine's cores, so a step reads up to 4 splits at once.
     */
    static PipelineRunner.Builder runner(Path dir, String... memoryConnections) {
        Map<String, ConnectorConfig> named = new LinkedHashMap<>();
        for (String n : memoryConnections) {
            named.put(n, new ConnectorConfig("memory", n, Map.of()));
        }
        OsirisConfig config = new OsirisConfig(Optional.empty(), 1, Map.of("memory", named), Map.of(), Map.of(),
                dir.resolve("output"));
        return PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).config(config)
                .engineThreads(4);
    }

    /** DuckDB offering none of its capabilities: an engine with the basic operations only. */
    static EngineFactory basicEngine(Path dir) {
        return sandbox -> new BasicOperationsOnly(DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0,
                sandbox));
    }

    /** The basic operations of an engine, and no capability, as a second engine might start. */
    private record BasicOperationsOnly(TransformEngine engine) implements TransformEngine {
        @Override
        public Loaded load(String table, RowStream rows, LoadProgress progress) {
            return engine.load(table, rows, progress);
        }

        @Override
        public void createEmpty(String table, RowSchema schema) {
            engine.createEmpty(table, schema);
        }

        @Override
        public long createTable(String table, String selectSql) {
            return engine.createTable(table, selectSql);
        }

        @Override
        public long deleteRows(String table, String condition) {
            return engine.deleteRows(table, condition);
        }

        @Override
        public RowSchema schemaOf(String table) {
            return engine.schemaOf(table);
        }

        @Override
        public long export(String table, FileFormat format, Path file) {
            return engine.export(table, format, file);
        }

        @Override
        public RowStream read(String table) {
            return engine.read(table);
        }

        @Override
        public void cancel() {
            engine.cancel();
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}

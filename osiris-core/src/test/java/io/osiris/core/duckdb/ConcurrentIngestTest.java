package io.osiris.core.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.ConcurrentIngest;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's table filled by parts from several threads: all of each part or none, the table kept only when complete. */
class ConcurrentIngestTest {
    private static final RowSchema SCHEMA = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
            new ColumnInfo("name", ColumnType.STRING));
    private static final TransformEngine.LoadProgress NONE = (rows, bytes) -> { };

    @TempDir
    Path dir;

    private TransformEngine engine() {
        return DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0, Sandbox.none());
    }

    private static List<List<Object>> rows(long from, long to) {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = from; id < to; id++) {
            rows.add(List.of(id, "name " + id));
        }
        return rows;
    }

    /** The CSV text of ids {@code [from, to)}; failing after it was written when {@code fail}. */
    private static CsvCopy csv(long from, long to, boolean fail) {
        return new CsvCopy() {
            @Override
            public RowSchema schema() {
                return SCHEMA;
            }

            @Override
            public long writeTo(OutputStream out) {
                StringBuilder text = new StringBuilder();
                for (long id = from; id < to; id++) {
                    text.append(id).append(",name ").append(id).append('\n');
                }
                try {
                    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (fail) {
                    throw new ExecutionFailedException("source failed half way (injected)");
                }
                return to - from;
            }

            @Override
            public void cancel() {
            }
        };
    }

    private static long count(TransformEngine engine, String table) {
        try (RowStream rows = engine.read(table)) {
            long n = 0;
            while (rows.next()) {
                n++;
            }
            return n;
        }
    }

    @Test
    void partsAppendedAtOnceFromSeveralThreadsAreAllInTheTable() throws Exception {
        try (TransformEngine engine = engine()) {
            ConcurrentIngest ingest = engine.capability(ConcurrentIngest.class).orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try (ConcurrentIngest.Parts parts = ingest.begin("items", SCHEMA)) {
                List<Future<TransformEngine.Loaded>> loaded = new ArrayList<>();
                loaded.add(pool.submit(() -> parts.append(RowStream.of(SCHEMA, rows(0, 50_000)), NONE)));
                loaded.add(pool.submit(() -> parts.append(RowStream.of(SCHEMA, rows(50_000, 100_000)), NONE)));
                loaded.add(pool.submit(() -> parts.appendCsv(csv(100_000, 150_000, false), NONE).orElseThrow()));
                loaded.add(pool.submit(() -> parts.appendCsv(csv(150_000, 200_000, false), NONE).orElseThrow()));
                long total = 0;
                for (Future<TransformEngine.Loaded> f : loaded) {
                    total += f.get().rows();
                }
                parts.complete();
                assertThat(total).isEqualTo(200_000);
            } finally {
                pool.shutdownNow();
            }
            assertThat(count(engine, "items")).isEqualTo(200_000);
            assertThat(engine.schemaOf("items").names()).containsExactly("id", "name");
        }
    }

    @Test
    void aCsvPartWhoseSourceFailsAppendsNothing() {
        try (TransformEngine engine = engine()) {
            try (ConcurrentIngest.Parts parts = engine.capability(ConcurrentIngest.class).orElseThrow()
                    .begin("items", SCHEMA)) {
                parts.append(RowStream.of(SCHEMA, rows(0, 10)), NONE);
                Optional<TransformEngine.Loaded> failed = parts.appendCsv(csv(10, 20_000, true), NONE);

                assertThat(failed).isEmpty();
                parts.complete();
            }
            assertThat(count(engine, "items")).isEqualTo(10);
        }
    }

    @Test
    void aRowsPartThatFailsAppendsNothing() {
        try (TransformEngine engine = engine()) {
            try (ConcurrentIngest.Parts parts = engine.capability(ConcurrentIngest.class).orElseThrow()
                    .begin("items", SCHEMA)) {
                var failing = new java.util.Iterator<List<Object>>() {
                    long next;

                    @Override
                    public boolean hasNext() {
                        if (next == 100_000) {
                            throw new ExecutionFailedException("source failed (injected)");
                        }
                        return true;
                    }

                    @Override
                    public List<Object> next() {
                        return List.of(next, "name " + next++);
                    }
                };
                assertThatThrownBy(() -> parts.append(RowStream.of(SCHEMA, failing), NONE))
                        .hasMessageContaining("injected");
                parts.complete();
            }
            assertThat(count(engine, "items")).isZero();
        }
    }

    @Test
    void aTableNotCompletedIsDroppedWhenClosed() {
        try (TransformEngine engine = engine()) {
            try (ConcurrentIngest.Parts parts = engine.capability(ConcurrentIngest.class).orElseThrow()
                    .begin("items", SCHEMA)) {
                parts.append(RowStream.of(SCHEMA, rows(0, 10)), NONE);
            }
            assertThatThrownBy(() -> engine.schemaOf("items")).isInstanceOf(ExecutionFailedException.class);
        }
    }
}

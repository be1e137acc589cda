package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.SchemaPolicy;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The write part of the contract: streaming in constant memory, each write mode, and failed
 * loads (rows, CSV text) that leave the target as it was.
 */
public abstract class WriteChecks extends TypeChecks {
    WriteChecks() {
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void streamsAMillionRowsUnderASmallHeap() throws Exception {
        long rows = streamingRows();
        String table = prepareLargeTable(rows);
        ConnectorConfig config = connectorConfig();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx" + streamingHeap(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), StreamingProbe.class.getName(),
                config.type(), config.name(), table);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        Properties props = new Properties();
        props.putAll(config.properties());
        try (OutputStream stdin = process.getOutputStream()) {
            props.store(stdin, null);
        }
        String output = readAll(process.getInputStream());
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("probe finished").isTrue();
        assertThat(process.exitValue()).as("probe exit code, output:%n%s", output).isZero();
        long expectedChecksum = rows * (rows + 1) / 2;
        assertThat(output).contains("rows=" + rows + " checksum=" + expectedChecksum);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void appendAddsRowsToExistingOnes() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.APPEND), writeRows(4, "four", 5, null));
        assertThat(result).isEqualTo(new LoadResult(2, false));
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three", 4, "four", 5, null));
    }

    // ---------------------------------------------------------------- schema policy

    private static RowStream rowsWithANewColumn() {
        RowSchema schema = RowSchema.of(WRITE_SCHEMA.column(0), WRITE_SCHEMA.column(1),
                new ColumnInfo("extra", ColumnType.INTEGER));
        return RowStream.of(schema, List.of(Arrays.asList(4, "four", 40)));
    }

    @Test
    void evolveAddsTheRowsNewColumnToAnExistingTable() {
        assumeTrue(hasBehavior(Behavior.WRITE) && hasBehavior(Behavior.SCHEMA_POLICY), "no schema policy");
        seedWrites();

        loader().load(new LoadRequest(WRITES, WriteMode.APPEND, List.of(), SchemaPolicy.EVOLVE), rowsWithANewColumn());

        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three", 4, "four"));
        try (RowStream read = connector().extractor().extract(new Extraction.Table(WRITES))) {
            assertThat(read.schema().names()).containsExactly("id", "name", "extra");
        }
    }

    @Test
    void freezeRefusesANewColumnBeforeWritingAndLeavesTheTableAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE) && hasBehavior(Behavior.SCHEMA_POLICY), "no schema policy");
        seedWrites();

        assertThatThrownBy(() -> loader().load(new LoadRequest(WRITES, WriteMode.APPEND, List.of(),
                SchemaPolicy.FREEZE), rowsWithANewColumn()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("schema: freeze")
                .hasMessageContaining("new column extra INTEGER");
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
        try (RowStream read = connector().extractor().extract(new Extraction.Table(WRITES))) {
            assertThat(read.schema().names()).containsExactly("id", "name");
        }
    }

    @Test
    void replaceLeavesExactlyTheNewRows() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.REPLACE, List.of("id")),
                writeRows(7, "seven", 8, "eight"));
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(readWrites()).isEqualTo(rows(7, "seven", 8, "eight"));
    }

    @Test
    void replaceCreatesAMissingTable() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        dropTable(WRITES);
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.REPLACE, List.of("id")),
                writeRows(1, "only"));
        assertThat(result).isEqualTo(new LoadResult(1, true));
        assertThat(readWrites()).isEqualTo(rows(1, "only"));
    }

    @Test
    void upsertUpdatesRowsWithTheSameKeyAndInsertsNewOnes() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        seedWrites();
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")),
                writeRows(2, "TWO", 4, "four"));
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "TWO", 3, "three", 4, "four"));
    }

    /** As a sequence of single-row upserts would: the last row of a key repeated in one load wins. */
    @Test
    void upsertWithAKeyRepeatedInOneLoadKeepsItsLastRow() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        seedWrites();
        loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")),
                writeRows(2, "first", 4, "new", 2, "second", 2, "last"));
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "last", 3, "three", 4, "new"));
    }

    @Test
    void upsertIntoAMissingTableCreatesItWithTheKey() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        dropTable(WRITES);
        loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")), writeRows(1, "a", 2, "b"));
        loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")), writeRows(2, "B", 3, "c"));
        assertThat(readWrites()).isEqualTo(rows(1, "a", 2, "B", 3, "c"));
        assertThat(connector().discovery().getTableInfo(WRITES, 0).primaryKey()).containsExactly("id");
    }

    /** A stream of {@code good} valid rows, then a failure: a source dying mid-load. */
    protected static RowStream failingAfter(int good) {
        Iterator<List<Object>> rows = new Iterator<>() {
            int produced;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public List<Object> next() {
                if (produced == good) {
                    throw new ExecutionFailedException("source failed after " + good + " rows (injected by the kit)");
                }
                produced++;
                return Arrays.asList(1000 + produced, "row " + produced);
            }
        };
        return RowStream.of(WRITE_SCHEMA, rows);
    }

    @Test
    void aFailedAppendLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        assertFailedLoadLeavesTargetUnchanged(WriteMode.APPEND);
    }

    @Test
    void aFailedReplaceLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        assertFailedLoadLeavesTargetUnchanged(WriteMode.REPLACE);
    }

    @Test
    void aFailedUpsertLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        assertFailedLoadLeavesTargetUnchanged(WriteMode.UPSERT);
    }

    private void assertFailedLoadLeavesTargetUnchanged(WriteMode mode) {
        seedWrites();
        // Enough rows that a batching loader has flushed some before the failure.
        assertThatThrownBy(() -> loader().load(new LoadRequest(WRITES, mode, List.of("id")), failingAfter(25_000)))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining("injected by the kit");
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    @Test
    void aRowThatBreaksAConstraintFailsTheLoadAndLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        // id 2 already exists and id is the primary key: the whole append is refused.
        assertThatThrownBy(() -> loader().load(new LoadRequest(WRITES, WriteMode.APPEND),
                writeRows(4, "four", 2, "duplicate")))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining(WRITES);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    /** A CSV load whose input fails part-way (the engine writing it died) leaves the target as it was. */
    @Test
    void aCsvLoadWhoseInputFailsLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        Optional<CsvLoad> load = connector().capability(CsvImport.class).flatMap(c -> c.csvLoad(
                new LoadRequest(WRITES, WriteMode.APPEND, List.of("id")), WRITE_SCHEMA));
        assumeTrue(load.isPresent(), "connector has no CSV load");
        // Enough rows that a loader passing them on in chunks has sent some before the failure.
        byte[] good = CsvText.write(java.util.stream.IntStream.rangeClosed(4, 25_000)
                .mapToObj(id -> Arrays.<Object>asList(id, "row " + id)).toList());
        InputStream failing = FailingInput.after(good, "the engine failed (injected by the kit)");
        assertThatThrownBy(() -> load.get().readFrom(failing)).isInstanceOf(OsirisException.class);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }
}

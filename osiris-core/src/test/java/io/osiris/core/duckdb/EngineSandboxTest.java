package io.osiris.core.duckdb;

import io.osiris.core.engine.DatabaseFileScan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The embedded engine and the duckdb connector run SQL that cannot reach a file it was not
 * given: whatever function, table name or statement asks for one, the statement fails with an
 * error that quotes nothing of the file.
 */
class EngineSandboxTest {
    static final String MARKER = FileReadingSql.MARKER;

    @TempDir
    Path dir;
    Path secret;
    Path source;

    @BeforeEach
    void files() throws Exception {
        FileReadingSql.writeSecrets(dir);
        secret = dir.resolve("secret.txt");
        source = dir.resolve("source.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t AS SELECT 1 AS id");
        }
    }

    static Stream<String> fileReaders() {
        return FileReadingSql.corpus();
    }

    private String sql(String template) {
        return template.replace("{dir}", dir.toString());
    }

    private TransformEngine engine() {
        return DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0,
                Sandbox.none().withDatabaseFile(source).with(dir.resolve("declared.csv")));
    }

    private static void assertQuotesNothing(String what, Throwable failure) {
        assertThat(failure).as("%s must fail", what).isNotNull();
        assertNothingQuoted(failure);
    }

    private static void assertNothingQuoted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(MARKER);
        }
    }

    @ParameterizedTest
    @MethodSource("fileReaders")
    void aTransformCannotReadAFileTheRunDidNotDeclare(String reader) {
        try (TransformEngine engine = engine()) {
            assertQuotesNothing(reader, catchThrowable(() -> engine.createTable("stolen", sql(reader))));
            // Nor while a dry run binds it (which may succeed where binding opens no file: no row is read).
            assertNothingQuoted(catchThrowable(() -> engine.createTable("bound",
                    "SELECT * FROM (" + sql(reader) + "\n) AS osiris_bind LIMIT 0")));
        }
    }

    @ParameterizedTest
    @MethodSource("fileReaders")
    void aDuckDbFilesQueryReadsThatFileAndNothingElse(String reader) {
        DuckDbConnector connector = new DuckDbConnector(new ConnectorConfig("duckdb", "path",
                Map.of("path", source.toString())));
        Extraction query = new Extraction.Query(sql(reader));
        assertQuotesNothing(reader, catchThrowable(() -> {
            try (RowStream rows = connector.extractor().extract(query)) {
                while (rows.next()) {
                    // Reading every row would be the leak.
                }
            }
        }));
        // Describing it may succeed where preparing opens no file: no row is read.
        assertNothingQuoted(catchThrowable(() -> connector.extractor().describe(query)));
        // Nor through the engine, which runs such a query itself when it attaches the file.
        try (TransformEngine engine = engine()) {
            Throwable copied = catchThrowable(() -> engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("copied", source, query)
                    .ifPresent(l -> { throw new AssertionError("the engine copied rows from " + reader); }));
            assertQuotesNothing(reader, copied == null ? new AssertionError("declined") : copied);
        }
        // The file's own tables still read.
        try (RowStream rows = connector.extractor().extract(new Extraction.Table("t"))) {
            assertThat(rows.next()).isTrue();
        }
    }

    @Test
    void theEngineReadsAndWritesWhatTheRunDeclared() throws Exception {
        try (TransformEngine engine = engine()) {
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("t", source, new Extraction.Table("t"))).isPresent();
            assertThat(engine.export("t", FileFormat.of(LoadTarget.CSV), dir.resolve("declared.csv"))).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("declared.csv"))).isEqualTo("id\n1\n");
        }
    }

    @Test
    void theEngineWritesNoFileTheRunDidNotDeclare() {
        Path undeclared = dir.resolve("undeclared.csv");
        try (TransformEngine engine = engine()) {
            engine.createTable("t", "SELECT 1 AS id");
            assertThatThrownBy(() -> engine.export("t", FileFormat.of(LoadTarget.CSV), undeclared))
                    .isInstanceOf(OsirisException.class).hasMessageContaining("undeclared.csv")
                    .hasMessageContaining("opens only the files a pipeline declares");
            assertThatThrownBy(() -> engine.export("t", FileFormat.of(LoadTarget.CSV), dir.resolve("secret.txt")))
                    .isInstanceOf(OsirisException.class);
        }
        assertThat(undeclared).doesNotExist();
        assertThat(secret).content().startsWith(MARKER);
    }

    @Test
    void noStatementCanOpenTheSandboxAgain() {
        try (TransformEngine engine = engine()) {
            // A second statement smuggled behind a SELECT (the runner refuses these before the
            // engine sees them; the engine holds on its own).
            for (String reopen : new String[] {"SET enable_external_access = true",
                    "SET allowed_directories = ['/']", "SET allowed_paths = ['" + secret + "']",
                    "RESET lock_configuration", "SET lock_configuration = false",
                    "SET autoload_known_extensions = true", "ATTACH '" + dir.resolve("other.duckdb") + "' AS o",
                    "COPY (SELECT 1) TO '" + dir.resolve("copied.csv") + "'", "INSTALL httpfs", "LOAD httpfs"}) {
                assertThat(catchThrowable(() -> engine.createTable("t" + Math.abs(reopen.hashCode()),
                        "SELECT 1 AS a; " + reopen))).as(reopen).isNotNull();
            }
            assertQuotesNothing("read_text", catchThrowable(() -> engine.createTable("stolen",
                    "SELECT * FROM read_text('" + secret + "')")));
        }
        assertThat(dir.resolve("other.duckdb")).doesNotExist();
        assertThat(dir.resolve("copied.csv")).doesNotExist();
    }
}

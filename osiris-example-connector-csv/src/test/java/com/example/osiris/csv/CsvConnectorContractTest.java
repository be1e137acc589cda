package com.example.osiris.csv;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.testkit.Behavior;
import io.osiris.testkit.ConnectorContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * The Osiris connector contract suite against a folder of CSV files. No server: the kit's
 * "database" is a fresh folder, and its fixtures are written as files, as a person would.
 */
class CsvConnectorContractTest extends ConnectorContractTest {
    /**
     * Created here, not with {@code @TempDir}: the kit opens the connector in its own
     * {@code @BeforeAll}, before JUnit would inject a temporary directory. One instance serves
     * the whole class ({@code PER_CLASS}), so the folder lives as long as the connector.
     */
    private final Path folder = createFolder();

    @Override
    protected ConnectorConfig connectorConfig() {
        return new ConnectorConfig("csv_folder", "kit", Map.of("path", folder.toString()));
    }

    @Override
    protected void execute(String sql) {
        throw new UnsupportedOperationException("the csv connector runs no SQL; fixtures are files: " + sql);
    }

    @Override
    protected boolean hasBehavior(Behavior behavior) {
        return switch (behavior) {
            case QUERY, WHERE_FILTER, FOREIGN_KEYS, CREDENTIALS, SCHEMA_POLICY -> false;
            case WRITE, UPSERT, WIDE_DECIMALS, CANCEL -> true;
        };
    }

    @Override
    protected void dropTable(String table) {
        delete(folder.resolve(table + ".csv"));
        delete(folder.resolve(table + ".schema"));
    }

    /** The kit's two tables as a person would write them: data files and hand-written sidecars. */
    @Override
    protected void createDiscoveryFixture() {
        write(PARENT + ".csv", """
                id,name
                1,alpha
                2,beta
                3,gamma
                """);
        write(PARENT + ".schema", """
                column,type,nullable,key
                id,INTEGER,false,1
                name,STRING(50),false,
                """);
        write(CHILD + ".csv", """
                id,parent_id,note
                10,1,first
                11,,
                """);
        write(CHILD + ".schema", """
                column,type,nullable,key
                id,INTEGER,false,1
                parent_id,INTEGER,true,
                note,STRING(100),true,
                """);
    }

    /** Key columns a person marked nullable in the sidecar: the connector still reports them NOT NULL. */
    @Override
    protected void createKeyedFixture() {
        write(KEYED + ".csv", "id,name\n1,one\n");
        write(KEYED + ".schema", """
                column,type,nullable,key
                id,INTEGER,true,1
                name,STRING(20),true,
                """);
        write(COMPOSITE + ".csv", "a,b,v\n1,x,2\n");
        write(COMPOSITE + ".schema", """
                column,type,nullable,key
                a,INTEGER,true,1
                b,STRING(10),,2
                v,INTEGER,true,
                """);
    }

    /** A table whose sidecar says INTEGER over values that are not numbers: reading it fails, describing must not. */
    @Override
    protected boolean createUnreadableTable() {
        write(UNREADABLE + ".csv", "id,name\nnot a number,one\n");
        write(UNREADABLE + ".schema", """
                column,type,nullable,key
                id,INTEGER,false,
                name,STRING(20),true,
                """);
        return true;
    }

    @Override
    protected void dropUnreadableTable() {
        dropTable(UNREADABLE);
    }

    /** No schemas: a dot is part of a file name. */
    @Override
    protected String tableRef(String table) {
        return table;
    }

    @AfterAll
    void deleteFolder() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(CsvConnectorContractTest::delete);
        }
    }

    private void write(String file, String text) {
        try {
            Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "csv-contract-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package com.example.osiris.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.testkit.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the csv connector does beyond the contract suite: plain files, settings, its refusals. */
class CsvConnectorTest {
    @TempDir
    Path folder;

    @Test
    void aPlainCsvFileWithoutSidecarReadsAsNullableStrings() throws IOException {
        write("people.csv", "name,age\nAda,36\n\"Lovelace, A.\",\n");
        try (Connector csv = open(Map.of())) {
            TableInfo info = csv.discovery().getTableInfo("people");
            assertThat(info.columns()).containsExactly(new ColumnInfo("name", ColumnType.STRING),
                    new ColumnInfo("age", ColumnType.STRING));
            assertThat(info.primaryKey()).isEmpty();
            assertThat(info.foreignKeys()).isEmpty();
            assertThat(info.rowCountEstimate()).isEqualTo(2);
            assertThat(info.comment()).contains("STRING");
            assertThat(info.sampleRows()).containsExactly(List.of("Ada", "36"), Arrays.asList("Lovelace, A.", null));
        }
    }

    @Test
    void headerlessFilesGetPositionalColumnNames() throws IOException {
        write("pairs.csv", "1;one\n2;two\n");
        try (Connector csv = open(Map.of("header", "false", "delimiter", ";"))) {
            RowSchema schema = csv.extractor().describe(new Extraction.Table("pairs"));
            assertThat(schema.names()).containsExactly("column_1", "column_2");
            assertThat(Values.readAll(csv.extractor().extract(new Extraction.Table("pairs"))))
                    .containsExactly(List.of("1", "one"), List.of("2", "two"));
        }
    }

    @Test
    void aTabDelimiterIsWrittenAsBackslashT() throws IOException {
        try (Connector csv = open(Map.of("delimiter", "\\t"))) {
            load(csv, "t", WriteMode.APPEND, List.of(), List.of(1, "a,b"));
        }
        assertThat(Files.readString(folder.resolve("t.csv"))).isEqualTo("id\tname\n1\ta,b\n");
    }

    @Test
    void loadsWriteAReadableSidecar() throws IOException {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT),
                new ColumnInfo("price, net", ColumnType.decimal(12, 2)));
        try (Connector csv = open(Map.of())) {
            csv.loader().orElseThrow().load(new LoadRequest("prices", WriteMode.APPEND, List.of("id")),
                    RowStream.of(schema, List.of(List.of(1L, new BigDecimal("9.5")))));
            assertThat(Values.readAll(csv.extractor().extract(new Extraction.Table("prices"))))
                    .containsExactly(List.of(1L, new BigDecimal("9.50")));
        }
        assertThat(Files.readString(folder.resolve("prices.schema"))).isEqualTo("""
                column,type,nullable,key
                id,BIGINT,false,1
                "price, net","DECIMAL(12,2)",true,
                """);
    }

    @Test
    void aFailedLoadIntoANewTableLeavesNoFileBehind() throws IOException {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false));
        Iterator<List<Object>> failing = Stream.iterate(1, i -> i + 1)
                .map(i -> {
                    if (i > 1000) {
                        throw new ExecutionFailedException("source died");
                    }
                    return List.<Object>of(i);
                })
                .iterator();
        try (Connector csv = open(Map.of())) {
            assertThatThrownBy(() -> csv.loader().orElseThrow()
                    .load(new LoadRequest("fresh", WriteMode.APPEND, List.of("id")), RowStream.of(schema, failing)))
                    .hasMessageContaining("source died");
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void appendingAnExistingKeyFailsNamingTheTable() {
        try (Connector csv = open(Map.of())) {
            load(csv, "keyed", WriteMode.APPEND, List.of("id"), List.of(1, "a"));
            assertThatThrownBy(() -> load(csv, "keyed", WriteMode.APPEND, List.of(), List.of(2, "b"),
                    List.of(1, "again")))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("'keyed'")
                    .hasMessageContaining("(id) = (1)");
        }
    }

    @Test
    void aValueThatDoesNotFitItsColumnFailsTheLoad() {
        try (Connector csv = open(Map.of())) {
            load(csv, "typed", WriteMode.APPEND, List.of(), List.of(1, "a"));
            RowSchema text = RowSchema.of(new ColumnInfo("id", ColumnType.STRING), new ColumnInfo("name",
                    ColumnType.STRING));
            assertThatThrownBy(() -> csv.loader().orElseThrow().load(new LoadRequest("typed", WriteMode.APPEND),
                    RowStream.of(text, List.of(List.of("not a number", "b")))))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("column 'id'");
        }
    }

    @Test
    void loadingAColumnTheTableLacksIsAValidationError() {
        try (Connector csv = open(Map.of())) {
            load(csv, "narrow", WriteMode.APPEND, List.of(), List.of(1, "a"));
            RowSchema wider = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER),
                    new ColumnInfo("extra", ColumnType.STRING));
            assertThatThrownBy(() -> csv.loader().orElseThrow().load(new LoadRequest("narrow", WriteMode.APPEND),
                    RowStream.of(wider, List.of(List.of(2, "x")))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("extra");
        }
    }

    @Test
    void aWhereFilterIsRefusedSayingWhy() {
        try (Connector csv = open(Map.of())) {
            load(csv, "t", WriteMode.APPEND, List.of(), List.of(1, "a"));
            assertThatThrownBy(() -> csv.extractor().extract(new Extraction.Table("t", List.of(), "id > 1", 0)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("where")
                    .hasMessageContaining("transform");
        }
    }

    @Test
    void aQueryIsRefused() {
        try (Connector csv = open(Map.of())) {
            assertThatThrownBy(() -> csv.extractor().extract(new Extraction.Query("SELECT 1")))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessage("the csv connector runs no SQL; read a table");
            assertThatThrownBy(() -> csv.extractor().describe(new Extraction.Query("SELECT 1")))
                    .isInstanceOf(ExecutionFailedException.class);
        }
    }

    @Test
    void aTableNameCannotLeaveTheFolder() {
        try (Connector csv = open(Map.of())) {
            assertThatThrownBy(() -> csv.discovery().getTableInfo("../etc/passwd"))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("not a valid table name");
        }
    }

    @Test
    void aSidecarThatDisagreesWithTheHeaderIsReportedWithTheFix() throws IOException {
        write("t.csv", "a,b\n1,2\n");
        write("t.schema", "column,type,nullable,key\na,INTEGER,true,\nc,INTEGER,true,\n");
        try (Connector csv = open(Map.of())) {
            assertThatThrownBy(() -> csv.discovery().getTableInfo("t"))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("delete the .schema file");
        }
    }

    @Test
    void aBadValueInAFileNamesTheFileLineAndColumn() throws IOException {
        write("t.csv", "n\n1\ntwo\n");
        write("t.schema", "column,type,nullable,key\nn,INTEGER,true,\n");
        try (Connector csv = open(Map.of())) {
            assertThatThrownBy(() -> Values.readAll(csv.extractor().extract(new Extraction.Table("t"))))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("t.csv line 3")
                    .hasMessageContaining("column 'n'")
                    .hasMessageContaining("INTEGER");
        }
    }

    @Test
    void aMissingFolderListsNoTablesAndIsCreatedByTheFirstLoad() {
        Path missing = folder.resolve("not/yet");
        try (Connector csv = new CsvConnectorProvider().open(config(missing, Map.of()))) {
            csv.ping();
            assertThat(csv.discovery().listTables()).isEmpty();
            LoadResult result = load(csv, "first", WriteMode.REPLACE, List.of(), List.of(1, "a"));
            assertThat(result).isEqualTo(new LoadResult(1, true));
            assertThat(csv.discovery().listTables()).extracting(t -> t.name()).containsExactly("first");
        }
    }

    @Test
    void configurationErrorsNameTheKey() throws IOException {
        CsvConnectorProvider provider = new CsvConnectorProvider();
        assertThatThrownBy(() -> provider.open(new ConnectorConfig("csv_folder", "default", Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connections.csv_folder.default")
                .hasMessageContaining("path");
        assertThatThrownBy(() -> provider.open(config(folder, Map.of("delimiter", ";;"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("delimiter");
        Path file = Files.writeString(folder.resolve("a-file"), "");
        assertThatThrownBy(() -> provider.open(config(file, Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("is a file");
    }

    @Test
    void upsertOnAPlainCsvFileMatchesKeysAsText() throws IOException {
        write("plain.csv", "id,name\n1,one\n2,two\n");
        try (Connector csv = open(Map.of())) {
            load(csv, "plain", WriteMode.UPSERT, List.of("id"), List.of(2, "TWO"), List.of(3, "three"));
            assertThat(Values.readAll(csv.extractor().extract(new Extraction.Table("plain"))))
                    .containsExactly(List.of("1", "one"), List.of("2", "TWO"), List.of("3", "three"));
        }
        assertThat(folder.resolve("plain.schema")).doesNotExist();
    }

    @Test
    void everyTypeIsWrittenAsReadableText() throws IOException {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER),
                new ColumnInfo("at", ColumnType.TIMESTAMP_TZ), new ColumnInfo("bytes", ColumnType.BINARY));
        try (Connector csv = open(Map.of())) {
            csv.loader().orElseThrow().load(new LoadRequest("t", WriteMode.APPEND),
                    RowStream.of(schema, List.of(List.of(1, java.time.OffsetDateTime.parse("2024-03-10T02:30+05:00"),
                            new byte[] {1, 2, 3}))));
        }
        assertThat(Files.readString(folder.resolve("t.csv"))).isEqualTo("id,at,bytes\n1,2024-03-10T02:30+05:00,AQID\n");
        assertThat(CsvValues.parse(TypeKind.BINARY, "AQID")).isEqualTo(new byte[] {1, 2, 3});
    }

    private Connector open(Map<String, String> settings) {
        return new CsvConnectorProvider().open(config(folder, settings));
    }

    private static ConnectorConfig config(Path path, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("path", path.toString());
        return new ConnectorConfig("csv_folder", "default", properties);
    }

    private static LoadResult load(Connector csv, String table, WriteMode mode, List<String> key,
            List<?>... idNamePairs) {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("name", ColumnType.STRING));
        return csv.loader().orElseThrow().load(new LoadRequest(table, mode, key),
                RowStream.of(schema, List.of(idNamePairs)));
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
    }
}

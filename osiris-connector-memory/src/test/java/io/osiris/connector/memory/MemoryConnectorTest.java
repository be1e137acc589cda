package io.osiris.connector.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryConnectorTest {
    private static final RowSchema MOVIES = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("title", ColumnType.STRING), new ColumnInfo("rating", ColumnType.decimal(3, 1)));

    @AfterEach
    void forget() {
        MemoryDatabase.forget("unit");
    }

    private static Connector open(String name) {
        return new MemoryConnectorProvider().open(new ConnectorConfig("memory", name, Map.of()));
    }

    private static List<List<Object>> read(RowStream rows) {
        List<List<Object>> all = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < rows.schema().size(); i++) {
                    row.add(rows.get(i));
                }
                all.add(row);
            }
        }
        return all;
    }

    private static MemoryDatabase movies(boolean csv) {
        return MemoryDatabase.builder("unit").table("movies", MOVIES, List.of(
                List.of(1, "Alien", new BigDecimal("8.5")), Arrays.asList(2, "Heat, \"the\" movie", null)),
                List.of("id")).csvExport(csv).csvImport(csv).register();
    }

    @Test
    void aConnectionNamedAfterARegisteredDatabaseReadsItsTablesAndCountsTheReads() {
        MemoryDatabase db = movies(false);
        try (Connector c = open("unit")) {
            assertThat(read(c.extractor().extract(new Extraction.Table("movies", List.of("title"), "", 1))))
                    .containsExactly(List.of("Alien"));
            assertThat(read(c.extractor().extract(new Extraction.Query("select * from movies"))))
                    .hasSize(2);
            assertThat(c.extractor().describe(new Extraction.Table("movies")).names())
                    .containsExactly("id", "title", "rating");
            assertThat(c.capability(CsvExport.class)).isEmpty();
            assertThat(c.capability(CsvImport.class)).isEmpty();
        }
        assertThat(db.reads()).isEqualTo(2);
    }

    @Test
    void aWhereOrAnyOtherQueryIsRefusedSayingWhatToDoInstead() {
        movies(false);
        try (Connector c = open("unit")) {
            assertThatThrownBy(() -> c.extractor().extract(new Extraction.Table("movies", List.of(), "id = 1", 0)))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("filter in a transform");
            assertThatThrownBy(() -> c.extractor().extract(new Extraction.Query("SELECT id FROM movies")))
                    .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("SELECT * FROM table");
        }
    }

    @Test
    void loadsAppendReplaceAndUpsertAndAreReadableAfterwards() {
        MemoryDatabase db = movies(false);
        try (Connector c = open("unit")) {
            var loader = c.loader().orElseThrow();
            loader.load(new LoadRequest("movies", WriteMode.UPSERT, List.of("id")), RowStream.of(MOVIES,
                    List.of(List.of(1, "Alien", new BigDecimal("9.0")), List.of(3, "Brazil", new BigDecimal("7.9")))));
            assertThat(db.rows("movies")).extracting(r -> r.get(0) + ":" + r.get(2))
                    .containsExactly("1:9.0", "2:null", "3:7.9");
            assertThatThrownBy(() -> loader.load(new LoadRequest("movies", WriteMode.APPEND),
                    RowStream.of(MOVIES, List.of(List.of(3, "Again", BigDecimal.ONE)))))
                    .hasMessageContaining("movies");
            assertThat(db.rows("movies")).hasSize(3);
            loader.load(new LoadRequest("movies", WriteMode.REPLACE), RowStream.of(MOVIES,
                    List.of(List.of(4, "Up", BigDecimal.TEN))));
            assertThat(db.rows("movies")).containsExactly(List.of(4, "Up", BigDecimal.TEN));
        }
    }

    @Test
    void theCsvCapabilitiesWriteAndReadTheBulkTextWhenSwitchedOn() {
        MemoryDatabase db = movies(true);
        try (Connector c = open("unit")) {
            var copy = c.capability(CsvExport.class).orElseThrow().csvCopy(new Extraction.Table("movies"))
                    .orElseThrow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(copy.writeTo(out)).isEqualTo(2);
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).isEqualTo("1,\"Alien\",8.5\n2,\"Heat, \"\"the\"\" movie\",\n");

            var load = c.capability(CsvImport.class).orElseThrow()
                    .csvLoad(new LoadRequest("copy", WriteMode.APPEND), MOVIES).orElseThrow();
            assertThat(load.readFrom(new ByteArrayInputStream(out.toByteArray())).rowsWritten()).isEqualTo(2);
        }
        assertThat(db.rows("copy")).isEqualTo(db.rows("movies"));
        assertThat(db.reads()).isEqualTo(1);
    }
}

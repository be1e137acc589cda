package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.NativeType;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.data.ColumnType;
import io.osiris.connector.mysql.MySqlConnectorProvider;
import io.osiris.connector.supabase.SupabaseConnectorProvider;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.types.TypeMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osiris types}: the published type map, from the code that applies it, and docs/types.md kept true. */
class TypesCommandTest {
    private static final Path DOC = Path.of("..", "docs", "types.md");

    @TempDir
    Path noPlugins;

    @Test
    void printsEachSourcesTypesWithEveryTargetAndTheChanges() {
        OsirisCliTest.Result r = OsirisCliTest.run("types", "--plugins-dir", noPlugins.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("duckdb\nnative").contains("mysql\nnative").contains("supabase\nnative");
        assertThat(r.out().lines().filter(l -> l.startsWith("native")).findFirst().orElseThrow().split("\\s+"))
                .containsExactly("native", "portable", "duckdb", "mysql", "supabase", "csv", "parquet", "json",
                        "changes");
        assertThat(r.out()).containsPattern("BIGINT UNSIGNED +DECIMAL\\(20,0\\) +DECIMAL\\(20,0\\) +DECIMAL\\(20,0\\)"
                + " +numeric\\(20,0\\) +plain digits +DECIMAL\\(20,0\\) +number")
                .containsPattern("TIME\\(6\\) +INTERVAL +INTERVAL +TIME\\(6\\) +interval .*mysql: only -838:59:59")
                .containsPattern("DECIMAL\\(65,30\\) +STRING .*wider than 38 digits: its exact plain text")
                .containsPattern("ENUM\\('small','large'\\) +STRING\\(5\\) .*the allowed values are not kept");
    }

    @Test
    void filtersBySourceAndAnswersAnAliasToo() {
        OsirisCliTest.Result r = OsirisCliTest.run("types", "--source", "postgres", "--plugins-dir",
                noPlugins.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("supabase\n").doesNotContain("mysql\nnative")
                .containsPattern("integer\\[\\] +JSON .*a JSON array");
    }

    @Test
    void anUnknownSourceIsAUsageError() {
        OsirisCliTest.Result r = OsirisCliTest.run("types", "--source", "oracle", "--plugins-dir",
                noPlugins.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--source").contains("oracle").contains("duckdb, mysql, supabase");
    }

    @Test
    void printsTheMapAsJson() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("types", "--json", "--source", "mysql", "--plugins-dir",
                noPlugins.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("sources").toString()).isEqualTo("[\"mysql\"]");
        JsonNode unsigned = null;
        for (JsonNode row : json.path("rows")) {
            if (row.path("native").asText().equals("BIGINT UNSIGNED")) {
                unsigned = row;
            }
        }
        assertThat(unsigned).isNotNull();
        assertThat(unsigned.path("portable").asText()).isEqualTo("DECIMAL(20,0)");
        assertThat(unsigned.at("/targets/supabase/type").asText()).isEqualTo("numeric(20,0)");
        assertThat(unsigned.at("/targets/parquet/lossless").asBoolean()).isTrue();
    }

    /** A plugin's map is printed with ours; one whose connector creates no tables is a source only. */
    @Test
    void aPluginsTypeMapIsASourceAndATargetOnlyWhenItCreatesTables() {
        TypeMapping sheetTypes = new TypeMapping() {
            @Override
            public List<NativeType> reads() {
                return List.of(new NativeType("NUMBER", ColumnType.DOUBLE, ""),
                        new NativeType("DATE_TEXT", ColumnType.STRING, "its text as the sheet shows it"));
            }

            @Override
            public String columnType(ColumnType type) {
                throw new UnsupportedOperationException("read-only");
            }
        };
        ConnectorProvider sheets = new ConnectorProvider() {
            @Override
            public String type() {
                return "sheets";
            }

            @Override
            public String description() {
                return "a read-only spreadsheet";
            }

            @Override
            public List<ConfigKey> configKeys() {
                return List.of();
            }

            @Override
            public Optional<TypeMapping> typeMapping() {
                return Optional.of(sheetTypes);
            }

            @Override
            public Connector open(ConnectorConfig config) {
                throw new UnsupportedOperationException("not opened by this test");
            }
        };

        TypeMap map = TypeMap.of(List.of(sheets, new DuckDbConnectorProvider()));

        assertThat(map.sources()).containsExactly("duckdb", "sheets");
        assertThat(map.targets()).containsExactly("duckdb", "csv", "parquet", "json");
        TypeMap.Row number = map.rows("sheets").get(0);
        assertThat(number.cell("duckdb").type()).isEqualTo("DOUBLE");
        assertThat(number.cell("parquet").type()).isEqualTo("DOUBLE");
        assertThat(number.changes("json")).isEqualTo("lossless");
        assertThat(map.rows("sheets").get(1).changes("csv")).isEqualTo("its text as the sheet shows it");
        assertThat(map.rows("sheets").get(1).lossless("csv")).isFalse();
    }

    /** docs/types.md is the generated table; {@code -Dosiris.docs.update=true} rewrites it after a change. */
    @Test
    void theTypesPageIsTheGeneratedMap() throws Exception {
        String generated = TypesCommand.markdown(TypeMap.of(List.of(new MySqlConnectorProvider(),
                new SupabaseConnectorProvider(), new DuckDbConnectorProvider())));
        if (Boolean.getBoolean("osiris.docs.update")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC)).as("docs/types.md; regenerate with -Dosiris.docs.update=true")
                .isEqualTo(generated);
    }
}

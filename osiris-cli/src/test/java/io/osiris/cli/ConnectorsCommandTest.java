package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osiris connectors}: the built-in types with what they declare, without a config or a connection. */
class ConnectorsCommandTest {
    @TempDir
    Path noPlugins;

    @Test
    void listsTheBuiltInTypesWithTheirAliasesDialectsAndCapabilities() {
        OsirisCliTest.Result r = OsirisCliTest.run("connectors", "--plugins-dir", noPlugins.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("""
                    aliases       mariadb
                    from          built in
                """).contains("""
                    dialect       mysql
                    capabilities  CsvExport, CsvImport, SplitRead
                """).contains("""
                    aliases       postgres, postgresql
                    from          built in
                """).contains("""
                    dialect       duckdb
                    capabilities  DatabaseFile
                """);
        assertThat(r.out()).contains("duckdb - DuckDB database file").contains("mysql - MySQL and MariaDB")
                .contains("Plugin directory: " + noPlugins + "\n");
    }

    @Test
    void jsonGivesEachTypeOnceWithItsOrigin() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("--plugins-dir", noPlugins.resolve("missing").toString(),
                "connectors", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        List<String> types = new ArrayList<>();
        list.forEach(n -> types.add(n.path("type").asText()));
        assertThat(types).contains("duckdb", "mysql", "supabase").doesNotHaveDuplicates();
        for (JsonNode n : list) {
            if (n.path("type").asText().equals("supabase")) {
                assertThat(n.path("from").asText()).isEqualTo("built in");
                assertThat(n.path("dialect").asText()).isEqualTo("postgres");
                assertThat(n.path("aliases").toString()).isEqualTo("[\"postgres\",\"postgresql\"]");
                assertThat(n.path("capabilities").toString()).isEqualTo("[\"CsvExport\",\"CsvImport\",\"SplitRead\"]");
                assertThat(n.path("version").asText()).isNotBlank().isNotEqualTo("unknown");
            }
        }
    }

    @Test
    void thePluginsDirOptionIsSkippedWhenFindingTheCommand() {
        assertThat(OsirisCli.commandsFor("--plugins-dir", "connectors", "connectors")).containsExactly("connectors");
        assertThat(OsirisCli.commandsFor("--plugins-dir=/x", "run", "p.yaml")).containsExactly("run");
    }
}

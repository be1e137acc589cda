package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.core.state.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osiris run FILE [--full-refresh]} with an incremental extract: the watermark is kept in
 * the project's state file between processes, printed and in the JSON report, and a full refresh
 * reads every row again.
 */
class RunIncrementalTest {
    @TempDir
    Path dir;

    Path pipeline;

    @BeforeEach
    void orders() throws Exception {
        sql("CREATE TABLE orders (id INTEGER, updated_at TIMESTAMP)",
                "INSERT INTO orders VALUES (1, '2024-05-01 10:00:00'), (2, '2024-05-01 12:00:00.000001')");
        Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n");
        pipeline = dir.resolve("sync.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: sync
                extract:
                  - id: orders
                    source: duckdb
                    path: %s
                    table: orders
                    incremental: {cursor: updated_at}
                load:
                  - id: copy
                    to: duckdb
                    path: %s
                    table: orders
                    mode: upsert
                    primary_key: [id]
                """.formatted(dir.resolve("shop.duckdb"), dir.resolve("copy.duckdb")));
    }

    private OsirisCliTest.Result inProject(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve(".osiris.yaml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return OsirisCliTest.run(all);
    }

    @Test
    void theWatermarkIsKeptBetweenRunsAndAFullRefreshStartsOver() throws Exception {
        OsirisCliTest.Result first = inProject("run", pipeline.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("watermark orders = 2024-05-01T12:00:00.000001");

        sql("INSERT INTO orders VALUES (3, '2024-05-02 00:00:00')");
        OsirisCliTest.Result second = inProject("run", pipeline.toString(), "--json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(second.out());
        assertThat(report.path("steps").get(0).path("rows").asLong()).as("2 at the watermark, 3 new").isEqualTo(2);
        assertThat(report.path("watermarks").path("orders").asText()).isEqualTo("2024-05-02T00:00:00.000000");

        OsirisCliTest.Result refreshed = inProject("run", pipeline.toString(), "--full-refresh", "--json");
        assertThat(refreshed.exitCode()).as(refreshed.err()).isZero();
        assertThat(new ObjectMapper().readTree(refreshed.out()).path("steps").get(0).path("rows").asLong())
                .isEqualTo(3);
        try (StateDatabase state = StateDatabase.open(dir.resolve(".osiris/state.db"))) {
            assertThat(state.forNamespace("watermarks").get("sync/orders")).get()
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("value", "2024-05-02T00:00:00.000000").containsEntry("type", "TIMESTAMP");
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("shop.duckdb"));
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}

package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.examples.MoviesDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @Test
    void initWritesACommentedConfigAndAnEnvExample(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "init");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String yaml = Files.readString(config);
        assertThat(yaml).startsWith("# Osiris configuration").contains("password: ${MYSQL_PASSWORD:-}")
                .contains("# supabase:").contains("llm:").contains("sample_data: true");
        assertThat(Files.readString(dir.resolve(".env.example"))).contains("OPENAI_API_KEY=");
        assertThat(r.out()).contains("wrote " + config);
    }

    @Test
    void initNeverOverwritesWithoutForce(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, "version: 1\n# mine\n");

        OsirisCliTest.Result refused = OsirisCliTest.run("--config", config.toString(), "init");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("already exists").contains("--force");
        assertThat(Files.readString(config)).isEqualTo("version: 1\n# mine\n");

        OsirisCliTest.Result forced = OsirisCliTest.run("--config", config.toString(), "init", "--force");
        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readString(config)).contains("connections:");
    }

    @Test
    void theWrittenConfigLoadsAndValidateChecksItsConnections(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  duckdb:
                    demo:
                      path: %s
                  mysql:
                    broken:
                      host: 127.0.0.1
                      port: 1
                      database: nowhere
                      user: root
                      password: Not-Shown-Secret-42
                """.formatted(MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"))));

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "validate");

        assertThat(r.out()).contains("duckdb.demo").contains("ok (")
                .contains("mysql.broken").contains("FAILED").contains("password=**** ");
        assertThat(r.out() + r.err()).doesNotContain("Not-Shown-Secret-42");
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void validateWithoutAConfigSaysHowToMakeOne(@TempDir Path dir) {
        OsirisCliTest.Result r = OsirisCliTest.run("--config", dir.resolve("missing.yaml").toString(), "validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("missing.yaml");
    }
}

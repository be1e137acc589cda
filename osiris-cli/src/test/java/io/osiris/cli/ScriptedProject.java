package io.osiris.cli;

import static io.osiris.cli.ChatCommandTest.KEY;

import io.osiris.examples.MoviesDatabase;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project for chat tests: the movies database as {@code movies.duckdb} (connection
 * {@code duckdb.default}), the API key in {@code .env}, and an {@code .osiris.yaml} whose
 * model is the scripted server, spoken to in its wire format.
 */
final class ScriptedProject {
    private ScriptedProject() {
    }

    /** Writes the project into {@code dir} and returns its config file. */
    static Path write(Path dir, ScriptedLlmServer server, WireFormat wire, int maxRetries) throws IOException {
        MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  duckdb:
                    default:
                      path: %s
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: %d
                output:
                  directory: output
                """.formatted(dir.resolve("movies.duckdb"), wire.baseUrl(server), maxRetries));
        return config;
    }

    /** {@code osiris --config CONFIG chat --dir DIR ARGS...}. */
    static OsirisCliTest.Result chat(Path config, Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "chat", "--dir", dir.toString()));
        all.addAll(List.of(args));
        return OsirisCliTest.run(all.toArray(String[]::new));
    }
}

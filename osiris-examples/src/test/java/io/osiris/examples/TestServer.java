package io.osiris.examples;

import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.testkit.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** The two database servers the examples' ITs run against: a connector type and its test URL. */
enum TestServer {
    MYSQL("mysql", TestDatabases::mysqlUrl),
    SUPABASE("supabase", TestDatabases::postgresUrl);

    /** The connector type that reaches it. */
    final String type;
    private final Supplier<String> url;

    TestServer(String type, Supplier<String> url) {
        this.type = type;
        this.url = url;
    }

    /** Its JDBC URL for tests. */
    String url() {
        return url.get();
    }

    /** Writes {@code .osiris.yaml} in {@code dir} with this server as the {@code default} connection of its type. */
    OsirisConfig config(Path dir) throws IOException {
        Path file = dir.resolve(ConfigLoader.FILE_NAME);
        Files.writeString(file, """
                version: 1
                connections:
                  %s:
                    default:
                      jdbc_url: "%s"
                """.formatted(type, url()), StandardCharsets.UTF_8);
        return ConfigLoader.load(file, Map.of());
    }
}

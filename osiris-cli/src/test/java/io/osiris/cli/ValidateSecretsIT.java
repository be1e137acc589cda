package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code osiris validate} (and any failing command) against the real servers never prints a
 * secret: not a declared password, not a password inside a {@code jdbc_url} (user info or query
 * parameter), not one in a libpq URL, not an undeclared secret-looking key.
 */
class ValidateSecretsIT {
    @TempDir
    Path dir;

    static Stream<Arguments> connections() {
        return Stream.of(
                Arguments.of("supabase", "jdbc_url: \"jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
                        + "&password=S3cret-In-Query&sslmode=disable\"", "S3cret-In-Query"),
                Arguments.of("supabase", "jdbc_url: \"jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
                        + "&sslpassword=S3cret-Ssl-Key&sslmode=disable\"", "S3cret-Ssl-Key"),
                Arguments.of("supabase", "url: \"postgresql://postgres:S3cret-Libpq@127.0.0.1:5432/test\"",
                        "S3cret-Libpq"),
                Arguments.of("supabase", "host: 127.0.0.1\n      port: 5432\n      database: test\n      user: postgres\n"
                        + "      sslmode: disable\n      password: S3cret-Declared-Pg", "S3cret-Declared-Pg"),
                Arguments.of("mysql", "jdbc_url: \"jdbc:mysql://root:S3cret-User-Info@127.0.0.1:3306/test\"",
                        "S3cret-User-Info"),
                Arguments.of("mysql", "jdbc_url: \"jdbc:mysql://127.0.0.1:3306/test?user=root&password=S3cret-My-Query\"",
                        "S3cret-My-Query"),
                Arguments.of("mysql", "host: 127.0.0.1\n      port: 3306\n      database: test\n      user: root\n"
                        + "      password: S3cret-Declared-My", "S3cret-Declared-My"));
    }

    /** A setting the connector does not declare is refused, by its key, never showing its value. */
    @Test
    void anUndeclaredSettingIsRefusedWithoutItsValue() throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, "version: 1\nconnections:\n  mysql:\n    it:\n      host: 127.0.0.1\n"
                + "      user: root\n      api_token: Undeclared-Token-99\n");

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "validate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("connections.mysql.it: unknown key 'api_token'");
        assertThat(r.out() + r.err()).doesNotContain("Undeclared-Token-99");
    }

    @ParameterizedTest
    @MethodSource("connections")
    void validatePrintsNoSecretOfAConnection(String type, String settings, String secret) throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, "version: 1\nconnections:\n  " + type + ":\n    it:\n      " + settings + "\n");

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "validate");

        assertThat(r.out()).contains(type + ".it").contains("****");
        assertThat(r.out() + r.err()).doesNotContain(secret);
    }

    @Test
    void validateNamesTheBadPiiPolicy() throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, "version: 1\ndiscovery:\n  pii: hide\n");

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "validate");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("discovery.pii: expected mask, drop or allow, got 'hide'");
    }

    @Test
    void aFailingCommandPrintsNoPasswordOfItsUrl() throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  mysql:
                    it:
                      jdbc_url: "jdbc:mysql://root:S3cret-In-Error@127.0.0.1:3306/t18pii_no_such_db"
                """);

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "discover", "--source", "mysql.it");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.out() + r.err()).doesNotContain("S3cret-In-Error");
    }
}

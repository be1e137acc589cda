package io.osiris.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskTest {
    @TempDir
    Path dir;

    /** A connector declaring a secret whose name no heuristic would guess. */
    static final class VaultProvider implements ConnectorProvider {
        @Override
        public String type() {
            return "vault";
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public List<ConfigKey> configKeys() {
            return List.of(ConfigKey.optional("host", "h"), ConfigKey.secret("sesame", "the opening word"),
                    ConfigKey.optional("public_token", "declared not secret"));
        }

        @Override
        public Connector open(ConnectorConfig config) {
            throw new UnsupportedOperationException();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jdbc:postgresql://h:5432/db?user=u&password=S3cretValue",
        "jdbc:postgresql://h/db?user=u&sslpassword=S3cretValue&sslmode=require",
        "jdbc:mysql://u:S3cretValue@h:3306/db",
        "jdbc:mariadb://u:S3cretValue@h/db?useSSL=false",
        "postgresql://u:S3cretValue@h/db",
        "postgres://postgres.abcd:S3cretValue@aws-0-eu.pooler.supabase.com:6543/postgres",
        "mysql://u:S3cretValue@h/db",
        "jdbc:mysql://(host=h,port=3306,user=u,password=S3cretValue)/db",
        "jdbc:sqlserver://h;user=u;password=S3cretValue;database=db",
        "Server=h;Uid=u;Pwd=S3cretValue;",
        "cannot connect to jdbc:mysql://h/db?user=u&PASSWORD=S3cretValue: refused",
        "https://api.example.com/v1?api_key=S3cretValue&x=1",
        "password = 'S3cretValue'"})
    void credentialsInsideUrlsAreMaskedWithoutKnowingThem(String text) {
        String masked = SecretMask.NONE.apply(text);

        assertThat(masked).doesNotContain("S3cretValue").contains(SecretMask.MASK);
    }

    @Test
    void urlsWithoutCredentialsAreLeftAlone() {
        String url = "jdbc:postgresql://db.example.com:5432/app?sslmode=require&user=reader";
        assertThat(SecretMask.NONE.apply(url)).isEqualTo(url);
    }

    @Test
    void everySecretValueOfAConfigIsMaskedInAnyText() throws Exception {
        Files.writeString(dir.resolve(".env"), "GITHUB_TOKEN=ghp-from-dotenv-1\nPLAIN=visible-value\n");
        Path file = dir.resolve(".osiris.yaml");
        Files.writeString(file, "version: 1\n");
        OsirisConfig config = new OsirisConfig(java.util.Optional.of(file), 1, Map.of(
                "vault", Map.of("a", new ConnectorConfig("vault", "a", Map.of("host", "h1", "sesame",
                        "open-sesame-42", "public_token", "not-a-secret-77"))),
                "mysql", Map.of("b", new ConnectorConfig("mysql", "b", Map.of("jdbc_url",
                        "jdbc:mysql://u:url-secret-9@h/db", "service_password", "undeclared-pw-5")))),
                Map.of("provider", "openai", "api_key", "sk-config-key-123"), Map.of(), dir.resolve("output"));

        SecretMask mask = SecretMask.of(config, List.of(new VaultProvider()), Map.of("OPENAI_API_KEY", "sk-env-key-456",
                "HOME", "/home/someone", "PWD", "/work/project", "DATABASE_URL", "postgres://u:env-url-pw@h/db"));

        String text = "errors: open-sesame-42 / url-secret-9 / undeclared-pw-5 / sk-config-key-123 / sk-env-key-456"
                + " / ghp-from-dotenv-1 / not-a-secret-77 / visible-value / /home/someone / /work/project / env-url-pw";
        assertThat(mask.apply(text)).isEqualTo("errors: **** / **** / **** / **** / **** / **** / not-a-secret-77"
                + " / visible-value / /home/someone / /work/project / ****");
        assertThat(mask.shown(config.requireConnection("vault", "a"), new VaultProvider().configKeys()))
                .isEqualTo("host=h1 public_token=not-a-secret-77 sesame=**** statement_timeout=10m");
        assertThat(mask.shown(config.requireConnection("mysql", "b"), List.of()))
                .isEqualTo("jdbc_url=jdbc:mysql://u:****@h/db service_password=**** statement_timeout=10m");
    }

    @Test
    void valuesShorterThanFourCharactersAreNotSearchedInFreeText() {
        SecretMask mask = SecretMask.of(List.of("abc", "abcd"));
        assertThat(mask.apply("abc abcd")).isEqualTo("abc ****");
    }

    @ParameterizedTest
    @CsvSource({"password,true", "db_password,true", "passwd,true", "pwd,true", "client_secret,true",
        "api_key,true", "apikey,true", "key,true", "access_token,true", "token,true", "credentials,true",
        "primary_key,false", "partition_key,false", "max_tokens,false", "host,false", "user,false",
        "jdbc_url,false"})
    void theNameFallbackForUndeclaredKeys(String key, boolean secret) {
        assertThat(SecretMask.looksSecret(key)).isEqualTo(secret);
    }

    @Test
    void aDeclaredKeyIsSecretAsDeclaredWhateverItsName() {
        List<ConfigKey> declared = new VaultProvider().configKeys();
        assertThat(SecretMask.isSecret("sesame", declared)).isTrue();
        assertThat(SecretMask.isSecret("public_token", declared)).isFalse();
        assertThat(SecretMask.isSecret("other_password", declared)).isTrue();
    }

    @Test
    void aConnectorConfigNeverPrintsAValue() {
        ConnectorConfig c = new ConnectorConfig("mysql", "x", Map.of("jdbc_url", "jdbc:mysql://u:pw-in-url@h/db"));
        assertThat(c.toString()).contains("jdbc_url").doesNotContain("pw-in-url");
    }
}

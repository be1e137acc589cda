package io.osiris.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private void config(String yaml) throws Exception {
        Files.writeString(dir.resolve(".osiris.yaml"), yaml);
    }

    @Test
    void variablesComeFromTheEnvironmentThenDotEnvThenDefaults() throws Exception {
        config("""
                version: 1
                connections:
                  mysql:
                    default:
                      host: ${DB_HOST:-127.0.0.1}
                      port: 3306
                      user: ${DB_USER}
                      password: ${MYSQL_PASSWORD}
                output:
                  directory: out
                """);
        Files.writeString(dir.resolve(".env"), "MYSQL_PASSWORD='from dotenv'\nexport DB_USER=dotenv_user\n");
        OsirisConfig config = ConfigLoader.find("", Map.of("DB_USER", "env_user"), dir);

        ConnectorConfig mysql = config.requireConnection("mysql", "default");
        assertThat(mysql.properties()).containsEntry("host", "127.0.0.1").containsEntry("port", "3306")
                .containsEntry("user", "env_user").containsEntry("password", "from dotenv");
        assertThat(mysql.toString()).doesNotContain("from dotenv");
        assertThat(config.outputDirectory()).isEqualTo(dir.resolve("out"));
    }

    @Test
    void aMissingVariableIsNamedWithWhereItIsUsed() throws Exception {
        config("""
                connections:
                  supabase:
                    default:
                      password: ${SUPABASE_DB_PASSWORD}
                """);
        assertThatThrownBy(() -> ConfigLoader.find("", Map.of(), dir))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SUPABASE_DB_PASSWORD")
                .hasMessageContaining("connections.supabase.default.password");
    }

    @Test
    void theConfigIsFoundByOptionThenVariableThenWorkingDirectory() throws Exception {
        config("version: 1\n");
        Path other = Files.writeString(dir.resolve("other.yaml"), "version: 1\n");
        assertThat(ConfigLoader.locate("other.yaml", Map.of("OSIRIS_CONFIG", "x.yaml"), dir)).contains(other);
        assertThat(ConfigLoader.locate("", Map.of("OSIRIS_CONFIG", other.toString()), dir)).contains(other);
        assertThat(ConfigLoader.locate("", Map.of(), dir)).contains(dir.resolve(".osiris.yaml"));
        assertThatThrownBy(() -> ConfigLoader.locate("", Map.of("OSIRIS_CONFIG", "nope.yaml"), dir))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("OSIRIS_CONFIG");
    }

    @Test
    void noConfigIsFineAndAMissingConnectionSaysWhereToAddIt() {
        OsirisConfig config = ConfigLoader.find("", Map.of(), dir);
        assertThat(config.file()).isEmpty();
        assertThatThrownBy(() -> config.requireConnection("mysql", "default"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connections.mysql.default");
    }
}

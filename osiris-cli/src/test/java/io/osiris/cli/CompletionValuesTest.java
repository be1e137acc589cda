package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.state.StateDatabase;
import io.osiris.llm.agent.AgentSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shell completion of values: {@code osiris __complete KIND}, and the bash script that asks it. */
class CompletionValuesTest {
    @TempDir
    Path dir;

    Path config;

    @BeforeEach
    void project() throws Exception {
        // An unset ${VAR}: completion reads names, never resolves values.
        config = Files.writeString(dir.resolve(".osiris.yaml"), """
                version: 1
                connections:
                  mysql:
                    default:
                      host: 127.0.0.1
                      password: ${CLI_COMPLETION_UNSET_PASSWORD}
                    reporting:
                      host: 127.0.0.1
                  supabase:
                    prod:
                      url: https://abcdefghijklmnop.supabase.co
                """);
        Files.createDirectories(dir.resolve("output"));
        Files.writeString(dir.resolve("output/top.yaml"), "# osiris-pipeline-v2\nname: top\n");
        Files.writeString(dir.resolve("other.yaml"), "version: 1\n");
    }

    private OsirisCliTest.Result complete(String kind) {
        return OsirisCliTest.run("--config", config.toString(), "__complete", kind);
    }

    @Test
    void connectionsAreTheConfigsTypesAndTypeDotNames() {
        OsirisCliTest.Result r = complete("connections");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).containsExactlyInAnyOrder("mysql", "mysql.default", "mysql.reporting", "supabase",
                "supabase.prod");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void templatesAreTheCatalogsNames() {
        assertThat(complete("templates").out().lines()).contains("top_n").doesNotContain("");
    }

    @Test
    void sessionsAreTheIdsInTheStateFileBesideTheConfig() {
        String id;
        try (StateDatabase db = StateDatabase.open(dir.resolve(".osiris/state.db"))) {
            id = AgentSession.create(db).id();
        }
        assertThat(complete("sessions").out().lines()).containsExactly(id);
    }

    @Test
    void withoutAStateFileThereAreNoSessionsAndNoneIsCreated() {
        OsirisCliTest.Result r = complete("sessions");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve(".osiris")).doesNotExist();
    }

    @Test
    void pipelinesAreYamlFilesThatStartWithTheMagicComment() {
        assertThat(CompleteCommand.pipelines(dir)).containsExactly("output/top.yaml");
    }

    @Test
    void anUnknownKindOrABrokenConfigGivesNothingAndExits0() throws Exception {
        assertThat(complete("nonsense").exitCode()).isZero();
        assertThat(complete("nonsense").out()).isEmpty();
        Files.writeString(config, "connections: [unclosed\n");
        OsirisCliTest.Result broken = complete("connections");
        assertThat(broken.exitCode()).isZero();
        assertThat(broken.out() + broken.err()).isEmpty();
    }

    @Test
    void theCompletionCommandIsHiddenFromTheUsage() {
        assertThat(OsirisCliTest.run("--help").out()).doesNotContain("__complete");
    }

    /** Sources the script in bash and completes as bash would, asking an osiris started from this test's class path. */
    private List<String> bashComplete(String... words) throws Exception {
        Path script = dir.resolve("osiris-completion.bash");
        Files.writeString(script, OsirisCliTest.run("completion").out());
        Path osiris = dir.resolve("osiris");
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(osiris, "#!/usr/bin/env bash\ncd '" + dir + "' && exec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' io.osiris.cli.OsirisCli \"$@\"\n");
        Files.setPosixFilePermissions(osiris, PosixFilePermissions.fromString("rwx------"));
        StringBuilder array = new StringBuilder("'" + osiris + "'");
        for (String w : words) {
            array.append(" '").append(w).append("'");
        }
        String bash = "source '" + script + "' 2>/dev/null\nCOMP_WORDS=(" + array + ")\nCOMP_CWORD=" + words.length
                + "\nCOMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n_complete_osiris_values 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void bashCompletesConnectionsAfterSourceFromTheConfig() throws Exception {
        assertThat(bashComplete("--config", config.toString(), "discover", "--source", "mysql."))
                .containsExactlyInAnyOrder("mysql.default", "mysql.reporting");
    }

    @Test
    void bashCompletesTemplatesPipelinesAndStillCommands() throws Exception {
        assertThat(bashComplete("generate", "--template", "top")).contains("top_n");
        assertThat(bashComplete("run", "")).containsExactly("output/top.yaml");
        assertThat(bashComplete("sess")).containsExactly("sessions");
    }
}

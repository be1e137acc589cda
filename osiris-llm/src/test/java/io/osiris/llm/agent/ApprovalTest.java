package io.osiris.llm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.state.IStateStore;
import io.osiris.core.state.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalTest {
    static final String YAML = """
            # osiris-pipeline-v2
            name: p
            extract:
              - id: e
                source: duckdb
                path: movies.duckdb
                query: SELECT 1 AS x
            load:
              - id: l
                to: csv
                path: output/p.csv
            """;

    @TempDir
    Path dir;

    private Proposal saved(String text) throws Exception {
        Files.createDirectories(dir.resolve("output"));
        Files.writeString(dir.resolve("output/p.yaml"), text);
        return new Proposal("p", "", YAML, "output/p.yaml", List.of());
    }

    @Test
    void approvalRunsTheTextThatWasShown() throws Exception {
        Proposal p = saved(YAML);
        assertThat(p.sha256()).isEqualTo(Proposal.sha256Of(YAML)).hasSize(64);
        assertThat(Approval.pipeline(p, dir).loads().get(0).path()).isEqualTo("output/p.csv");
    }

    @Test
    void aDeletedFileStillRunsWhatWasShown() throws Exception {
        Proposal p = saved(YAML);
        Files.delete(dir.resolve("output/p.yaml"));
        assertThat(Approval.pipeline(p, dir).name()).isEqualTo("p");
    }

    @Test
    void aChangedFileIsRefusedWithTheChange() throws Exception {
        Proposal p = saved(YAML.replace("output/p.csv", "output/elsewhere.csv"));
        assertThatThrownBy(() -> Approval.pipeline(p, dir)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("output/p.yaml: changed since it was proposed and shown to you")
                .hasMessageContaining("-    path: output/p.csv").hasMessageContaining("+    path: output/elsewhere.csv");
    }

    @Test
    void aFileThatIsNoLongerTextIsRefused() throws Exception {
        Proposal p = saved(YAML);
        Files.write(dir.resolve("output/p.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> Approval.pipeline(p, dir)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("it can no longer be read as a pipeline");
    }

    @Test
    void aProposalAlteredInTheStateStoreDoesNotRun() throws Exception {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            AgentSession session = AgentSession.create(db);
            session.setPending(new Proposal("p", "", YAML, "output/p.yaml", List.of()));
            IStateStore store = db.forNamespace(AgentSession.NAMESPACE_PREFIX + session.id());
            @SuppressWarnings("unchecked")
            Map<String, Object> pending = new LinkedHashMap<>((Map<String, Object>) store.get("pending").orElseThrow());
            pending.put("yaml", YAML.replace("output/p.csv", "../../elsewhere.csv"));
            store.set("pending", pending);

            assertThatThrownBy(session::pending).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("was altered in the state store");
        }
    }
}

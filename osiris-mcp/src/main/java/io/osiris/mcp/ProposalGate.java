package io.osiris.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.state.IStateStore;
import io.osiris.core.Osiris;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.core.write.PlannedWrite;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.Approval;
import io.osiris.llm.agent.EvidenceCodec;
import io.osiris.llm.agent.OsirisChat;
import io.osiris.llm.agent.Proposal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval gate: a proposal runs only when a person approved exactly its content. Through
 * MCP that person answers an elicitation the client shows (accept, with {@code approve}
 * checked); a client that cannot elicit gets a refusal naming {@code osiris chat approve}, which
 * a person runs at a terminal. Before asking and again after the answer, the proposal must
 * still wait in its session with the same SHA-256, and its saved file must hold that content
 * ({@link Approval}); otherwise nothing runs.
 */
final class ProposalGate {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalGate.class);
    /** Where this server remembers which proposal ran as which run, for {@code proposal_status}. */
    static final String NAMESPACE = "mcp";
    static final String APPROVE_FIELD = "approve";

    private final Osiris osiris;

    ProposalGate(Osiris osiris) {
        this.osiris = osiris;
    }

    /** {@code proposal_status}: waiting (with its writes now), ran (with the run), or no longer waiting. */
    Map<String, Object> status(ProposalId id) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("proposal_id", id.toString());
        Optional<Object> ran = ran().get("ran:" + id.sha256());
        Optional<Proposal> waiting = waiting(id);
        if (waiting.isPresent()) {
            Proposal p = waiting.get();
            result.put("status", "pending");
            result.put("name", p.name());
            result.put("file", p.file());
            try {
                Pipeline pipeline = Approval.pipeline(p, osiris.workingDirectory(), osiris.parser());
                result.put("planned_writes", writes(osiris.writes(pipeline)));
                result.put("note", "Waiting for a person's approval: run_proposal asks the person through your"
                        + " client, or a person runs: osiris chat approve --session " + id.session());
            } catch (ValidationException e) {
                result.put("status", "changed");
                result.put("note", "Its saved file " + p.file() + " changed since it was proposed, so it will not"
                        + " run as approved. Propose it again.");
            }
        } else if (ran.isPresent()) {
            result.put("status", "ran");
            result.put("run_id", String.valueOf(ran.get()));
            result.put("note", "It ran after a person approved it; osiris runs show " + ran.get() + " has the run.");
        } else {
            result.put("status", "not_pending");
            result.put("note", "It no longer waits for approval: it ran through osiris chat approve, was rejected,"
                    + " or a newer proposal replaced it (osiris runs lists runs).");
        }
        return result;
    }

    /**
     * {@code run_proposal}: asks the person, then runs exactly the approved content.
     *
     * One approval at a time: a second call for the same proposal waits, then finds it ran.
     *
     * @throws ValidationException when the proposal does not wait or changed
     */
    synchronized CallToolResult run(McpSyncServerExchange exchange, ProposalId id) {
        Proposal proposal = require(id);
        Pipeline pipeline = Approval.pipeline(proposal, osiris.workingDirectory(), osiris.parser());
        List<PlannedWrite> writes = osiris.writes(pipeline);
        McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
        if (caps == null || caps.elicitation() == null) {
            return Results.error(ErrorObject.of(ErrorObject.VALIDATION, "Not run: running needs a person's approval,"
                    + " and this client cannot ask its user (it declares no elicitation capability). A person"
                    + " approves at a terminal, in the project directory, with: osiris chat approve --session "
                    + id.session(), 2, List.of(), Map.of("approve_with", "osiris chat approve --session "
                            + id.session(), "proposal_id", id.toString()), osiris.secrets()), osiris.secrets());
        }
        ElicitResult answer = exchange.createElicitation(McpSchema.ElicitRequest.builder()
                .message(osiris.secrets().apply(ApprovalText.of(proposal, writes, id.session())))
                .requestedSchema(Map.of("type", "object",
                        "properties", Map.of(APPROVE_FIELD, Map.of("type", "boolean", "title", "Run this pipeline",
                                "description", "Check to run the pipeline shown, exactly as shown.")),
                        "required", List.of(APPROVE_FIELD)))
                .build());
        boolean approved = answer != null && answer.action() == ElicitResult.Action.ACCEPT && answer.content() != null
                && Boolean.TRUE.equals(answer.content().get(APPROVE_FIELD));
        if (!approved) {
            String action = answer == null ? "no answer" : answer.action().name().toLowerCase(java.util.Locale.ROOT);
            return Results.error(ErrorObject.of(ErrorObject.VALIDATION, "Not run: the person did not approve ("
                    + action + "). The proposal still waits; ask the person what to change.", 2, List.of(),
                    Map.of("proposal_id", id.toString()), osiris.secrets()), osiris.secrets());
        }
        // The person answered about what they were shown: check it is still exactly that.
        Proposal approvedNow = require(id);
        Pipeline toRun = Approval.pipeline(approvedNow, osiris.workingDirectory(), osiris.parser());
        AgentSession session = session(id).orElseThrow();
        LOG.info("Running proposal {} of session {}, approved through the client", proposal.name(), id.session());
        RunReport report = osiris.runner().run(toRun);
        OsirisChat.recordApproval(osiris, session, approvedNow);
        session.clearPending();
        String runId = osiris.runs().list(approvedNow.name(), 1).stream().findFirst().map(r -> r.id()).orElse("");
        ran().set("ran:" + id.sha256(), runId);
        return Results.ok(report(id, report, runId), osiris.secrets());
    }

    private Proposal require(ProposalId id) {
        AgentSession session = session(id).orElseThrow(() -> new ValidationException("No session '" + id.session()
                + "' in " + osiris.stateFile() + ": the proposal_id is not one propose_pipeline returned here."));
        Proposal pending = session.pending().orElseThrow(() -> notWaiting(id, "no proposal waits in session "
                + session.id()));
        if (!pending.sha256().equals(id.sha256())) {
            throw notWaiting(id, "session " + session.id() + " now waits with other content (sha256 "
                    + pending.sha256().substring(0, 12) + "): the proposal was replaced");
        }
        return pending;
    }

    private static ValidationException notWaiting(ProposalId id, String why) {
        return new ValidationException(List.of(new Problem("", "proposal_id", 0, "Proposal " + id
                + " does not wait for approval: " + why + ". Only the content a person approves runs;"
                + " call proposal_status, or propose again.")));
    }

    private Optional<AgentSession> session(ProposalId id) {
        return osiris.hasState() ? AgentSession.find(osiris.state(), id.session()) : Optional.empty();
    }

    private Optional<Proposal> waiting(ProposalId id) {
        return session(id).flatMap(AgentSession::pending).filter(p -> p.sha256().equals(id.sha256()));
    }

    private IStateStore ran() {
        return osiris.state().forNamespace(NAMESPACE);
    }

    static List<Map<String, Object>> writes(List<PlannedWrite> writes) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PlannedWrite w : writes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", w.step());
            m.put("target", w.target());
            m.put("mode", w.mode());
            m.put("exists", w.exists());
            m.put("destroys", w.destroys());
            m.put("description", w.describe().strip());
            list.add(m);
        }
        return list;
    }

    /** What a proposal shows the agent: the id, the YAML, the writes and the evidence the person will see. */
    static Map<String, Object> shown(ProposalId id, Proposal p, List<PlannedWrite> writes) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("proposal_id", id.toString());
        result.put("session", id.session());
        result.put("status", "pending");
        result.put("name", p.name());
        result.put("file", p.file());
        result.put("sha256", p.sha256());
        result.put("summary", p.summary());
        result.put("yaml", p.yaml());
        result.put("planned_writes", writes(writes));
        result.put("evidence", EvidenceCodec.write(p.evidence()));
        result.put("approval_text", ApprovalText.of(p, writes, id.session()));
        result.put("note", "Nothing has run. run_proposal asks the person to approve it through your client;"
                + " without that, a person runs: osiris chat approve --session " + id.session());
        return result;
    }

    private static Map<String, Object> report(ProposalId id, RunReport report, String runId) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("proposal_id", id.toString());
        result.put("status", "ran");
        result.put("run_id", runId);
        result.put("pipeline", report.pipeline());
        result.put("seconds", report.seconds());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepReport s : report.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("kind", s.kind());
            m.put("target", s.target());
            m.put("rows", s.rows());
            steps.add(m);
        }
        result.put("steps", steps);
        return result;
    }
}

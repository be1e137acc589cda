package io.osiris.mcp;

import io.osiris.api.ValidationException;
import io.osiris.llm.agent.Proposal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proposal's id: {@code SESSION:SHA256}, the chat session it waits in and the SHA-256 of its
 * exact YAML. The id names content, not a slot: a new proposal in the same session has another
 * id, and the old one no longer runs.
 */
record ProposalId(String session, String sha256) {
    private static final Pattern FORM = Pattern.compile("([A-Za-z0-9_-]{1,64}):([0-9a-f]{64})");

    static ProposalId of(String session, Proposal proposal) {
        return new ProposalId(session, proposal.sha256());
    }

    /** @throws ValidationException when {@code text} is not {@code SESSION:SHA256} */
    static ProposalId parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new ValidationException("Invalid proposal_id '" + text + "': it is SESSION:SHA256 as"
                    + " propose_pipeline returned it.");
        }
        return new ProposalId(m.group(1), m.group(2));
    }

    @Override
    public String toString() {
        return session + ":" + sha256;
    }
}

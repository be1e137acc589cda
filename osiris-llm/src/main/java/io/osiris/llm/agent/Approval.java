package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What approving a proposal runs: exactly the YAML the person was shown, fingerprinted by
 * {@link Proposal#sha256()}, never whatever the saved file holds by then. When the saved file
 * was changed after the proposal (a hand edit, another process), approval refuses and shows
 * the change; the edited file can still run as any pipeline does, with {@code osiris run FILE}.
 */
public final class Approval {
    private static final int MAX_DIFF_LINES = 60;

    private Approval() {
    }

    /**
     * The pipeline a person approves.
     *
     * @param proposal         the proposal that was shown
     * @param workingDirectory what {@link Proposal#file()} is relative to
     * @throws ValidationException when the saved file changed since the proposal, naming the change
     */
    public static Pipeline pipeline(Proposal proposal, Path workingDirectory) {
        return pipeline(proposal, workingDirectory, Pipelines.parser());
    }

    /** The pipeline a person approves, parsed with {@code parser} (its connector types). */
    public static Pipeline pipeline(Proposal proposal, Path workingDirectory, PipelineParser parser) {
        requireNonNull(proposal, "proposal");
        Path file = workingDirectory.resolve(proposal.file());
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            String now;
            try {
                now = Pipelines.readText(file);
            } catch (ConfigurationException e) {
                now = null;
            }
            if (now == null || !Proposal.sha256Of(now).equals(proposal.sha256())) {
                throw new ValidationException(List.of(new Problem(proposal.file(), "", 0,
                        "changed since it was proposed and shown to you, so approval would not run what you saw"
                                + (now == null ? " (it can no longer be read as a pipeline)" : ":\n" + diff(proposal, now))
                                + "\nApproval runs only the proposal as shown. To run the edited file, review it and"
                                + " use: osiris run " + proposal.file() + "; or ask for a new proposal.")));
            }
        }
        return parser.parse(proposal.yaml(), proposal.file());
    }

    private static String diff(Proposal proposal, String now) {
        List<String> before = proposal.yaml().lines().toList();
        List<String> after = now.lines().toList();
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(proposal.file() + " (proposed)",
                proposal.file() + " (now)", before, DiffUtils.diff(before, after), 1);
        if (lines.size() > MAX_DIFF_LINES) {
            int more = lines.size() - MAX_DIFF_LINES;
            lines = new ArrayList<>(lines.subList(0, MAX_DIFF_LINES));
            lines.add("... (" + more + " more lines of difference)");
        }
        return String.join("\n", lines);
    }
}

package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A valid pipeline the model proposed, saved and waiting for a person's approval.
 *
 * @param name     the pipeline name
 * @param summary  the model's summary for the person
 * @param yaml     the pipeline as saved
 * @param file     where it was saved ({@code output/NAME.yaml}), relative to the working directory when inside it
 * @param previews what each extract reads
 */
public record Proposal(String name, String summary, String yaml, String file, List<StepPreview> previews) {
    public Proposal {
        requireNonNull(name, "name");
        requireNonNull(summary, "summary");
        requireNonNull(yaml, "yaml");
        requireNonNull(file, "file");
        previews = List.copyOf(previews);
    }
}

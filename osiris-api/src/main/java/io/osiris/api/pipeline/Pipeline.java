package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code osiris-pipeline-v2} pipeline: extracts run first (independent ones in
 * parallel), then transforms in order, then loads in order.
 *
 * @param name        the pipeline name ({@code [a-z0-9_]+})
 * @param version     the author's version string; empty when not set
 * @param description one line for people; empty when not set
 * @param extracts    the extract steps, in file order
 * @param transforms  the transform steps, in the order they run
 * @param loads       the load steps, in the order they run
 */
public record Pipeline(String name, String version, String description, List<ExtractStep> extracts,
        List<TransformStep> transforms, List<LoadStep> loads) {

    public Pipeline {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(description, "description");
        extracts = List.copyOf(extracts);
        transforms = List.copyOf(transforms);
        loads = List.copyOf(loads);
    }

    /** Every step in run order: extracts, transforms, loads. */
    public List<Step> steps() {
        List<Step> all = new ArrayList<>(extracts.size() + transforms.size() + loads.size());
        all.addAll(extracts);
        all.addAll(transforms);
        all.addAll(loads);
        return List.copyOf(all);
    }

    /** The step with an id, if any. */
    public Optional<Step> step(String id) {
        return steps().stream().filter(s -> s.id().equals(id)).findFirst();
    }
}

package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

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
 * @param vars        the variables declared under {@code vars:}, in file order; in a pipeline
 *                    bound for a run, each holds the value the run uses
 */
public record Pipeline(String name, String version, String description, List<ExtractStep> extracts,
        List<TransformStep> transforms, List<LoadStep> loads, List<Variable> vars) {

    public Pipeline {
        requireNonNull(name, "name");
        requireNonNull(version, "version");
        requireNonNull(description, "description");
        extracts = List.copyOf(extracts);
        transforms = List.copyOf(transforms);
        loads = List.copyOf(loads);
        vars = List.copyOf(vars);
    }

    /** A pipeline that declares no variables. */
    public Pipeline(String name, String version, String description, List<ExtractStep> extracts,
            List<TransformStep> transforms, List<LoadStep> loads) {
        this(name, version, description, extracts, transforms, loads, List.of());
    }

    /** The variable named {@code name}, if declared. */
    public Optional<Variable> variable(String name) {
        return vars.stream().filter(v -> v.name().equals(name)).findFirst();
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

    /**
     * A pipeline built in code, step by step in run order:
     *
     * <pre>{@code
     * Pipeline top = Pipeline.builder("top_movies")
     *         .extract("movies", e -> e.source("mysql").query("SELECT title, rating FROM movies"))
     *         .transform("ranked", "SELECT * FROM movies ORDER BY rating DESC LIMIT 10")
     *         .load("save", l -> l.toCsv("output/top_movies.csv"))
     *         .build();
     * }</pre>
     *
     * It is checked exactly as a pipeline file is (ids, references between steps, SQL safety,
     * where loads write) when it is validated or run.
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link Pipeline}; see {@link Pipeline#builder(String)}. */
    public static final class Builder {
        private final String name;
        private String version = "";
        private String description = "";
        private final List<ExtractStep> extracts = new ArrayList<>();
        private final List<TransformStep> transforms = new ArrayList<>();
        private final List<LoadStep> loads = new ArrayList<>();
        private final List<Variable> vars = new ArrayList<>();

        private Builder(String name) {
            this.name = requireNonNull(name, "name");
        }

        /** The author's version string. */
        public Builder version(String value) {
            this.version = requireNonNull(value, "value");
            return this;
        }

        /** One line for people. */
        public Builder description(String value) {
            this.description = requireNonNull(value, "value");
            return this;
        }

        /**
         * Declares a variable, used as {@code ${name}} in SQL and paths:
         * {@code .var(Variable.of("min_year", 2000))}.
         */
        public Builder var(Variable variable) {
            vars.add(requireNonNull(variable, "variable"));
            return this;
        }

        /** Adds an extract step configured by {@code step}. */
        public Builder extract(String id, Consumer<ExtractStep.Builder> step) {
            ExtractStep.Builder b = ExtractStep.builder(id);
            step.accept(b);
            return extract(b.build());
        }

        /** Adds an extract step. */
        public Builder extract(ExtractStep step) {
            extracts.add(requireNonNull(step, "step"));
            return this;
        }

        /** Adds a transform step: one DuckDB SELECT over earlier step ids. */
        public Builder transform(String id, String sql) {
            return transform(TransformStep.of(id, sql));
        }

        /** Adds a transform step. */
        public Builder transform(TransformStep step) {
            transforms.add(requireNonNull(step, "step"));
            return this;
        }

        /** Adds a load step configured by {@code step}; it reads the last transform (else the only extract) unless it says {@code from}. */
        public Builder load(String id, Consumer<LoadStep.Builder> step) {
            LoadStep.Builder b = LoadStep.builder(id);
            String fallback = !transforms.isEmpty() ? transforms.get(transforms.size() - 1).id()
                    : extracts.size() == 1 ? extracts.get(0).id() : "";
            b.from(fallback);
            step.accept(b);
            return load(b.build());
        }

        /** Adds a load step. */
        public Builder load(LoadStep step) {
            loads.add(requireNonNull(step, "step"));
            return this;
        }

        /** The pipeline, unchecked: validation and runs check it as they check a file. */
        public Pipeline build() {
            return new Pipeline(name, version, description, extracts, transforms, loads, vars);
        }
    }
}

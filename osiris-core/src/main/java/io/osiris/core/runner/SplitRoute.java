package io.osiris.core.runner;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowSchema;
import io.osiris.api.pipeline.Parallelism;
import io.osiris.core.engine.ConcurrentIngest;
import io.osiris.core.engine.SplitExtract;
import io.osiris.core.engine.TransformEngine;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code split-csv-copy}, {@code split-rows-as-csv}, {@code split-append},
 * {@code split-in-engine} and {@code split-in-engine-into-file}: a source that splits the
 * extraction ({@link SplitRead}) is read as several splits at once, one thread each
 * ({@link SplitReads}), all appending to the step's one table, each split by the route a single
 * stream would take (its bulk CSV, its rows as CSV, or the Appender); or, on an engine that reads
 * splits in its own tasks ({@link SplitExtract}), handed to it, into a table or straight into the
 * one load's file. The runner's own threads decline before reading when the plan has one split, so
 * the single stream's routes run instead; an engine's tasks take that one split too. The plan
 * (and its snapshot) is closed in every case.
 */
final class SplitRoute implements ExtractRoute {
    private static final Logger LOG = LoggerFactory.getLogger(SplitRoute.class);

    /** How each split reaches the engine. */
    enum Method {
        CSV_COPY(Routes.SPLIT_CSV_COPY), ROWS_AS_CSV(Routes.SPLIT_ROWS_AS_CSV), APPEND(Routes.SPLIT_APPEND),
        IN_ENGINE(Routes.SPLIT_IN_ENGINE), IN_ENGINE_INTO_FILE(Routes.SPLIT_IN_ENGINE_INTO_FILE),
        CSV_COPY_INTO_FILE(Routes.SPLIT_CSV_COPY_INTO_FILE),
        ROWS_AS_CSV_INTO_FILE(Routes.SPLIT_ROWS_AS_CSV_INTO_FILE);

        final String route;

        Method(String route) {
            this.route = route;
        }

        /** Whether the engine's tasks read the splits. */
        boolean inEngine() {
            return this == IN_ENGINE || this == IN_ENGINE_INTO_FILE;
        }

        /** Whether the splits go straight into the step's one load's file. */
        boolean intoFile() {
            return this == CSV_COPY_INTO_FILE || this == ROWS_AS_CSV_INTO_FILE || this == IN_ENGINE_INTO_FILE;
        }
    }

    private final Method method;

    SplitRoute(Method method) {
        this.method = method;
    }

    @Override
    public String name() {
        return method.route;
    }

    @Override
    public RouteResult extract(ExtractCall call) {
        Optional<SplitRead> split = call.connector().capability(SplitRead.class);
        if (split.isEmpty() || call.oneStream && !method.inEngine()) {
            return RouteResult.declined("the source does not split this extraction");
        }
        Extraction extraction = call.step.extraction();
        if (call.run.engine.splitsAtOnce() < 2 && !method.inEngine()) {
            call.oneStream = true;
            return RouteResult.declined("the engine reads one split at a time (one thread)");
        }
        SplitRequest request = request(call);
        SplitPlan plan;
        try {
            plan = split.get().plan(extraction, request);
        } catch (RuntimeException e) {
            // The single stream reads the extraction and reports the problem in its own words.
            LOG.debug("Extract {}: no split plan ({})", call.step.id(), e.getMessage());
            call.oneStream = true;
            return RouteResult.declined("the source could not plan splits: " + e.getMessage());
        }
        try (plan) {
            if (plan.splits().size() < 2 && !method.inEngine()) {
                call.oneStream = true;
                return RouteResult.declined(plan.description());
            }
            String taken = name() + ": " + describe(plan, call);
            LOG.info("Extract {}: {}", call.step.id(), taken);
            if (method.intoFile()) {
                RouteResult result = method == Method.IN_ENGINE_INTO_FILE
                        ? inEngineIntoFile(call, plan, split.get(), extraction)
                        : SplitsIntoFile.write(call, split.get(), extraction, plan.splits(),
                                method == Method.ROWS_AS_CSV_INTO_FILE);
                return result instanceof RouteResult.Done done ? RouteResult.done(done.report().withRoute(taken))
                        : result;
            }
            StepReport report = method == Method.IN_ENGINE ? inEngine(call, plan, split.get(), extraction)
                    : new SplitReads(call, split.get(), extraction, plan.splits(), method).run();
            return RouteResult.done(report.withRoute(taken));
        }
    }

    private static StepReport inEngine(ExtractCall call, SplitPlan plan, SplitRead reader, Extraction extraction) {
        Run run = call.run;
        SplitExtract engine = run.engine.capability(SplitExtract.class).orElseThrow();
        // The schema every split reads: the unsplit extraction's.
        RowSchema schema = call.connector().extractor().describe(extraction);
        run.shapes.extracted(call.step.id(), schema);
        Throttle throttle = run.throttle(call.step.id(), call.start);
        TransformEngine.Loaded loaded = engine.extract(call.step.id(), source(call, reader, extraction),
                plan.splits(), schema, (rows, bytes) -> throttle.report(rows));
        run.cancellation.check();
        return call.report(loaded.rows(), loaded.bytes(), schema.names());
    }

    /** The splits read and written by the engine's tasks straight into the one load's file. */
    private static RouteResult inEngineIntoFile(ExtractCall call, SplitPlan plan, SplitRead reader,
            Extraction extraction) {
        SplitExtract engine = call.run.engine.capability(SplitExtract.class).orElseThrow();
        RowSchema schema = call.connector().extractor().describe(extraction);
        Throttle throttle = call.run.throttle(call.step.id(), call.start);
        return CsvIntoEngine.intoFile(call, schema, (format, temp) -> engine.extractIntoFile(
                        source(call, reader, extraction), plan.splits(), schema, format, temp,
                        (rows, bytes) -> throttle.report(rows)))
                .map(RouteResult::done)
                .orElseGet(() -> RouteResult.declined("the engine does not write this file from its tasks"));
    }

    private static SplitExtract.SplitSource source(ExtractCall call, SplitRead reader, Extraction extraction) {
        ConnectorConfig config = call.run.connectors.configOf(call.step);
        return new SplitExtract.SplitSource(config.type(), config.name(), config.properties(), extraction,
                Optional.of(reader));
    }

    /**
     * What to ask the source for: the step's parallelism, no more splits than the engine reads at
     * once ({@link TransformEngine#splitsAtOnce}); {@code auto} no more than the run's share of the
     * cores either.
     */
    static SplitRequest request(ExtractCall call) {
        return call.step.parallelism().request(call.run.splitsAtOnce, call.run.engine.splitsAtOnce());
    }

    /**
     * The plan for people: {@code 4 ranges of movies.id (4 splits, one snapshot)}, and
     * {@code ...; parallelism 8 lowered to the engine's 4 threads} when the engine read fewer.
     */
    static String describe(SplitPlan plan, ExtractCall call) {
        if (plan.splits().size() < 2) {
            return plan.description() + " (one split)";
        }
        Parallelism asked = call.step.parallelism();
        int engine = call.run.engine.splitsAtOnce();
        return plan.description() + " (" + plan.splits().size() + " splits, "
                + (plan.consistency() == SplitPlan.Consistency.ONE_SNAPSHOT ? "one snapshot" : "a snapshot each")
                + (!asked.automatic() && asked.splits() > engine
                        ? "; parallelism " + asked.splits() + " lowered to the engine's " + engine + " threads" : "")
                + ")";
    }

    /**
     * For a dry run: the split plan a run would read, planned and closed at once; empty when the
     * step would read one stream or the source cannot plan.
     */
    static Optional<String> dryPlan(ExtractCall call) {
        Optional<SplitRead> split = call.connector().capability(SplitRead.class);
        SplitRequest request = request(call);
        if (split.isEmpty() || !engineTakes(call.run.engine) || request.parallelism() < 2
                || call.step.extraction().limit() > 0) {
            return Optional.empty();
        }
        try (SplitPlan plan = split.get().plan(call.step.extraction(), request)) {
            return plan.splits().size() < 2 ? Optional.empty() : Optional.of(describe(plan, call));
        } catch (RuntimeException e) {
            LOG.debug("Extract {}: no split plan ({})", call.step.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether the engine can take splits at all: in its own tasks, or appended from several threads. */
    static boolean engineTakes(TransformEngine engine) {
        return engine.capability(SplitExtract.class).isPresent()
                || engine.capability(ConcurrentIngest.class).isPresent();
    }
}

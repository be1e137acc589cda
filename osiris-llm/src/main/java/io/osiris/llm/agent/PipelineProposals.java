package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.discovery.TableInfoJson;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.privacy.ErrorScrubber;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.privacy.SensitiveColumns;
import io.osiris.core.privacy.SensitiveData;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.sql.SqlSafety;
import io.osiris.core.write.PlannedWrite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a proposed pipeline the way {@code propose_pipeline} promises (the format, the SQL
 * safety rules of each source's dialect, then the live sources through a dry run, where every
 * extraction is prepared and every transform bound), and saves a valid one as
 * {@code OUTPUT/NAME.yaml} with a preview of what each extract reads and its {@link Evidence}. Shared by the agent's tool
 * and {@code osiris chat --sql}, so both paths check the same things.
 */
public final class PipelineProposals {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineProposals.class);
    private static final String SOURCE_NAME = "proposal";

    private final PipelineParser parser;
    private final PipelineRunner runner;
    private final List<AgentSource> sources;
    private final ProposalFiles files;
    private final boolean sampleData;
    private final int previewRows;
    private final PiiPolicy pii;
    private final Redactor redactor;
    private final AgentSession session;
    private final Function<Pipeline, List<PlannedWrite>> writes;

    private PipelineProposals(Builder b) {
        this.parser = b.parser != null ? b.parser : Pipelines.parser();
        this.runner = requireNonNull(b.runner, "runner");
        this.sources = List.copyOf(b.sources);
        Path workingDirectory = b.workingDirectory.toAbsolutePath().normalize();
        this.files = new ProposalFiles(workingDirectory.resolve(requireNonNull(b.outputDirectory,
                "outputDirectory")).normalize(), workingDirectory, b.session);
        this.sampleData = b.sampleData;
        this.previewRows = b.previewRows;
        this.pii = b.pii;
        this.redactor = new Redactor(b.secrets);
        this.session = b.session;
        this.writes = b.writes;
    }

    /** A builder; the runner and output directory are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks and saves a proposal.
     *
     * @param yaml    the pipeline YAML
     * @param summary what it does, for the person
     * @return the saved proposal, waiting for approval
     * @throws ValidationException with every problem found (format), or the first the sources report
     */
    public Proposal propose(String yaml, String summary) {
        String text = yaml.endsWith("\n") ? yaml : yaml + "\n";
        Pipeline pipeline = check(text);
        String sha256 = Proposal.sha256Of(text);
        String file = files.save(pipeline.name(), text, sha256);
        if (session != null) {
            session.recordSaved(file, sha256);
        }
        return new Proposal(pipeline.name(), summary, text, file, previews(pipeline), sha256, evidence(pipeline, text));
    }

    /** What the person sees beside the YAML (see {@link EvidenceCollector}). */
    private Evidence evidence(Pipeline pipeline, String yaml) {
        try {
            return new EvidenceCollector(this::sourceOf, sampleData, previewRows, pii, writes,
                    message -> scrubbed(message, yaml)).of(pipeline);
        } catch (RuntimeException e) {
            // The proposal is valid; evidence that cannot be computed says so instead of blocking it.
            String why = scrubbed(String.valueOf(e.getMessage()), yaml);
            LOG.warn("The evidence of {} could not be computed: {}", pipeline.name(), why);
            LoadStep last = pipeline.loads().get(pipeline.loads().size() - 1);
            return new Evidence(new Evidence.Output(last.id(), List.of(), List.of(), -1, false,
                    "not previewed: " + why.lines().findFirst().orElse("")), List.of(), List.of(), List.of(),
                    EvidenceCollector.unknownWrites(pipeline, "not looked up"), List.of(), Evidence.Cost.NONE);
        }
    }

    /**
     * Checks a pipeline without saving it.
     *
     * @throws ValidationException naming what is wrong
     */
    public Pipeline check(String yaml) {
        requireNonNull(yaml, "yaml");
        List<Problem> problems = parser.problems(yaml, SOURCE_NAME);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        Pipeline pipeline = parser.parse(yaml, SOURCE_NAME);
        List<Problem> refused = new ArrayList<>();
        for (int i = 0; i < pipeline.extracts().size(); i++) {
            ExtractStep step = pipeline.extracts().get(i);
            Optional<AgentSource> source = sourceOf(step);
            if (source.isPresent() && step.extraction() instanceof Extraction.Query q) {
                SqlSafety.forDialect(source.get().connector().dialect()).refusal(q.sql()).ifPresent(reason ->
                        refused.add(new Problem(SOURCE_NAME, "extract[" + step.id() + "].query", 0,
                                "refused SQL: " + reason)));
            }
        }
        if (!refused.isEmpty()) {
            throw new ValidationException(refused);
        }
        try {
            runner.dryRun(pipeline);
        } catch (ValidationException e) {
            throw new ValidationException(e.problems().stream().map(p -> new Problem(p.source(), p.path(), p.line(),
                    scrubbed(p.message(), yaml))).toList());
        } catch (OsirisException e) {
            // The sources' own words (an unknown column, a type mismatch) are what the model needs to fix it,
            // without the data values they may quote.
            throw new ValidationException(List.of(new Problem(SOURCE_NAME, "", 0,
                    "the live check failed: " + scrubbed(String.valueOf(e.getMessage()), yaml))));
        }
        return pipeline;
    }

    /** The extracts' SQL and first rows, as the person sees them before approving. */
    List<StepPreview> previews(Pipeline pipeline) {
        List<StepPreview> previews = new ArrayList<>();
        for (ExtractStep step : pipeline.extracts()) {
            Optional<AgentSource> source = sourceOf(step);
            String where = step.hasPath() ? step.source() + ":" + step.path() : step.source() + "." + step.connection();
            String sql = sql(step, source);
            if (source.isEmpty()) {
                previews.add(new StepPreview(step.id(), where, sql, List.of(), List.of(), "not previewed: not the explored source"));
                continue;
            }
            try {
                if (!sampleData || previewRows == 0) {
                    RowSchema schema = source.get().connector().extractor().describe(step.extraction());
                    previews.add(new StepPreview(step.id(), where, sql, schema.names(), List.of(),
                            sampleData ? "" : "sample data is off: columns only"));
                    continue;
                }
                try (RowStream rows = source.get().connector().extractor().extract(limited(step.extraction()))) {
                    boolean[] sensitive = SensitiveColumns.of(sql, rows.schema().names());
                    List<List<Object>> read = new ArrayList<>();
                    while (read.size() < previewRows && rows.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int c = 0; c < rows.schema().size(); c++) {
                            row.add(TableInfoJson.jsonValue(rows.get(c)));
                        }
                        read.add(SensitiveData.row(pii, sensitive, row));
                    }
                    previews.add(new StepPreview(step.id(), where, sql, rows.schema().names(), read, ""));
                }
            } catch (OsirisException e) {
                LOG.debug("Preview of {} failed: {}", step.id(), redactor.apply(String.valueOf(e.getMessage())));
                previews.add(new StepPreview(step.id(), where, sql, List.of(), List.of(),
                        "preview failed: " + scrubbed(String.valueOf(e.getMessage()), sql)));
            }
        }
        return previews;
    }

    /** A source's error without data values or secrets: what may reach the model and the session. */
    private String scrubbed(String message, String ownText) {
        return redactor.apply(ErrorScrubber.scrub(message, ownText, List.of()));
    }

    private Extraction limited(Extraction extraction) {
        if (extraction instanceof Extraction.Query q) {
            return new Extraction.Query(q.sql(), limit(q.limit()));
        }
        Extraction.Table t = (Extraction.Table) extraction;
        return new Extraction.Table(t.table(), t.columns(), t.where(), limit(t.limit()));
    }

    private long limit(long asked) {
        return asked == 0 ? previewRows : Math.min(asked, previewRows);
    }

    /** An extract's SQL as the person sees it: a table extraction rendered as a SELECT. */
    static String sql(ExtractStep step, Optional<AgentSource> source) {
        if (step.extraction() instanceof Extraction.Query q) {
            return q.sql().strip();
        }
        Extraction.Table t = (Extraction.Table) step.extraction();
        var dialect = source.map(s -> s.connector().dialect()).orElse(io.osiris.api.connector.SqlDialect.ANSI);
        String columns = t.columns().isEmpty() ? "*"
                : t.columns().stream().map(dialect::quote).collect(Collectors.joining(", "));
        return "SELECT " + columns + " FROM " + dialect.quoteQualified(t.table())
                + (t.where().isBlank() ? "" : " WHERE " + t.where())
                + (t.limit() > 0 ? " LIMIT " + t.limit() : "");
    }

    private Optional<AgentSource> sourceOf(ExtractStep step) {
        if (step.hasPath()) {
            return Optional.empty();
        }
        return sources.stream()
                .filter(s -> s.type().equals(step.source()) && s.name().equals(step.connection()))
                .findFirst();
    }

    /** Configures {@link PipelineProposals}. */
    public static final class Builder {
        private PipelineParser parser;
        private PipelineRunner runner;
        private List<AgentSource> sources = List.of();
        private Path outputDirectory;
        private Path workingDirectory = Path.of("");
        private boolean sampleData = true;
        private int previewRows = 10;
        private Collection<String> secrets = List.of();
        private AgentSession session;
        private PiiPolicy pii = PiiPolicy.MASK;
        private Function<Pipeline, List<PlannedWrite>> writes =
                p -> EvidenceCollector.unknownWrites(p, "existence not looked up");

        private Builder() {
        }

        /**
         * How a proposal's writes are looked up on their targets (whether each table or file
         * exists); by default they are listed without looking.
         */
        public Builder writes(Function<Pipeline, List<PlannedWrite>> value) {
            this.writes = requireNonNull(value, "writes");
            return this;
        }

        /**
         * The session proposals are made in: a new proposal may replace a file this session saved
         * and nobody changed since; without one, an existing file is never replaced.
         */
        public Builder session(AgentSession value) {
            this.session = requireNonNull(value, "session");
            return this;
        }

        /** The parser (its connector types); by default those on the class path. */
        public Builder parser(PipelineParser value) {
            this.parser = requireNonNull(value, "parser");
            return this;
        }

        /** The runner whose dry run checks proposals against the live sources, and runs approved ones. */
        public Builder runner(PipelineRunner value) {
            this.runner = requireNonNull(value, "runner");
            return this;
        }

        /** The explored sources: their dialects check the SQL and their connectors preview the rows. */
        public Builder sources(List<AgentSource> value) {
            this.sources = List.copyOf(value);
            return this;
        }

        /** Where proposals are saved, relative to the working directory unless absolute. */
        public Builder outputDirectory(Path value) {
            this.outputDirectory = requireNonNull(value, "outputDirectory");
            return this;
        }

        /** The directory shown paths are relative to; the process's by default. */
        public Builder workingDirectory(Path value) {
            this.workingDirectory = requireNonNull(value, "workingDirectory");
            return this;
        }

        /** Whether previews may show rows ({@code discovery.sample_data}). */
        public Builder sampleData(boolean value) {
            this.sampleData = value;
            return this;
        }

        /** Rows shown per extract. */
        public Builder previewRows(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("previewRows must be >= 0");
            }
            this.previewRows = value;
            return this;
        }

        /** What happens to personal data and secrets in previews ({@code discovery.pii}); masked by default. */
        public Builder pii(PiiPolicy value) {
            this.pii = requireNonNull(value, "pii");
            return this;
        }

        /** Values masked wherever they would appear in an error (passwords, keys). */
        public Builder secrets(Collection<String> value) {
            this.secrets = List.copyOf(value);
            return this;
        }

        /** The configured proposals. */
        public PipelineProposals build() {
            return new PipelineProposals(this);
        }
    }
}

package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.CsvEgress;
import io.osiris.core.engine.CsvIngest;
import io.osiris.core.engine.DatabaseFileScan;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.sql.SqlSafety;
import io.osiris.core.write.WritePolicy;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines: extracts stream from their sources into the transform engine (independent
 * extracts in parallel, on a bounded pool), transforms run in order as SQL, loads write files
 * or hand rows to connectors.
 *
 * <p>File outputs are written to temporary files beside their targets and renamed into place
 * (atomically) only after every load succeeded, so a failed or cancelled run leaves earlier
 * outputs as they were and no partial file. Database loads are each all-or-nothing by the
 * {@link ILoader} contract.
 *
 * <p>The engine is sandboxed to what the run declares ({@link Sandbox}): its SQL opens no other
 * file, and a transform reads only extracts and earlier transforms (checked before anything runs).
 *
 * <pre>{@code
 * Pipeline pipeline = Pipelines.parse(yaml);
 * try (PipelineRunner runner = PipelineRunner.builder().build()) {
 *     RunReport report = runner.run(pipeline);
 * }
 * }</pre>
 *
 * <p>A runner runs one pipeline at a time; {@link #cancel()} stops the current run from any
 * thread (a JVM shutdown hook on Ctrl-C, say). A runner built without a registry loads its own
 * (with the plugin jars' class loader) and releases it on {@link #close()}; a registry given to
 * the builder stays the caller's to close.
 */
public final class PipelineRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    private final ConnectorRegistry registry;
    private final boolean ownsRegistry;
    private final OsirisConfig config;
    private final Path workingDirectory;
    private final Path tempDirectory;
    private final int parallelism;
    private final String memoryLimit;
    private final int engineThreads;
    private final Duration progressInterval;
    private final RunListener listener;
    private final boolean rowsAsCsv;
    private final Set<RowStream> openStreams = ConcurrentHashMap.newKeySet();
    private volatile TransformEngine engine;
    private volatile DeclaredFiles files;
    private volatile StepReads reads;
    private volatile boolean cancelled;

    private PipelineRunner(Builder b) {
        this.ownsRegistry = b.registry == null;
        this.registry = ownsRegistry ? ConnectorRegistry.load() : b.registry;
        this.workingDirectory = b.workingDirectory.toAbsolutePath().normalize();
        this.config = b.config != null ? b.config : OsirisConfig.empty(workingDirectory);
        this.tempDirectory = b.tempDirectory;
        this.parallelism = b.parallelism;
        this.memoryLimit = b.memoryLimit;
        this.engineThreads = b.engineThreads;
        this.progressInterval = b.progressInterval;
        this.listener = b.listener;
        this.rowsAsCsv = b.rowsAsCsv;
    }

    /** A builder with defaults: class-path connectors, no config, the working directory of the process. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a pipeline.
     *
     * @throws io.osiris.api.ConfigurationException when a connection is not configured
     * @throws io.osiris.api.ConnectionException    when a source or target cannot be reached
     * @throws ExecutionFailedException             when a step fails or the run is cancelled
     * @throws io.osiris.api.ValidationException     when a transform reads anything but extracts and
     *                                              earlier transforms (a pipeline built in code)
     */
    public RunReport run(Pipeline pipeline) {
        return execute(pipeline, false);
    }

    /**
     * Checks a pipeline against the live sources without moving data: every extraction is
     * described by its source, transforms are bound against empty tables of those shapes,
     * and load targets are resolved. Nothing is written.
     */
    public RunReport dryRun(Pipeline pipeline) {
        return execute(pipeline, true);
    }

    /** Cancels the running pipeline: stops source reads and engine statements; the run then fails. */
    public void cancel() {
        cancelled = true;
        openStreams.forEach(RowStream::cancel);
        TransformEngine e = engine;
        if (e != null) {
            e.cancel();
        }
    }

    /** Releases the registry this runner loaded itself, if any. */
    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }

    private synchronized RunReport execute(Pipeline pipeline, boolean dry) {
        requireNonNull(pipeline, "pipeline");
        WritePolicy.of(config, workingDirectory).check(pipeline, "", Optional.empty());
        cancelled = false;
        long start = System.nanoTime();
        List<StepReport> reports = new ArrayList<>();
        List<PendingFile> pending = new ArrayList<>();
        reads = StepReads.check(pipeline);
        files = DeclaredFiles.of(pipeline, path -> workingDirectory.resolve(path).normalize(), dry);
        try (Connectors connectors = new Connectors();
                TransformEngine e = DuckDbTransformEngine.open(tempDirectory, memoryLimit, engineThreads,
                        files.sandbox())) {
            engine = e;
            checkSql(pipeline, connectors);
            DirectLoads direct = new DirectLoads(dry ? Map.of() : directLoads(pipeline, reads), pending);
            reports.addAll(extractAll(pipeline, connectors, dry, direct));
            for (TransformStep t : pipeline.transforms()) {
                checkCancelled();
                reports.add(transform(t, dry));
            }
            for (LoadStep l : pipeline.loads()) {
                checkCancelled();
                StepReport written = direct.written(l.id());
                ExtractStep source = pipeline.extracts().stream().filter(x -> x.id().equals(l.from())).findFirst()
                        .orElse(null);
                if (written != null) {
                    listener.stepStarted(l.id(), "load");
                    listener.stepFinished(written);
                    reports.add(written);
                } else if (source != null && direct.deferred(source)) {
                    reports.addAll(loadFromDuckDbFile(source, l, connectors, pending));
                } else {
                    reports.add(load(l, connectors, pending, dry));
                }
            }
            checkCancelled();
            for (PendingFile p : pending) {
                p.commit();
            }
            pending.clear();
            return new RunReport(pipeline.name(), dry, reports, seconds(start));
        } catch (RuntimeException failure) {
            // Whichever step was running when the run was cancelled, say so once, the same way.
            if (cancelled && !CANCELLED.equals(failure.getMessage())) {
                throw new ExecutionFailedException(CANCELLED, failure);
            }
            throw failure;
        } finally {
            engine = null;
            files = null;
            reads = null;
            for (PendingFile p : pending) {
                p.discard();
            }
        }
    }

    /**
     * Every extraction is checked again in its connector's dialect before anything runs: a
     * pipeline built in code never went through the parser's check.
     */
    private static void checkSql(Pipeline pipeline, Connectors connectors) {
        List<Problem> refused = new ArrayList<>();
        for (int i = 0; i < pipeline.extracts().size(); i++) {
            ExtractStep step = pipeline.extracts().get(i);
            String where = "extract[" + i + "]." + (step.extraction() instanceof Extraction.Query ? "query" : "where");
            SqlSafety.forDialect(connectors.forExtract(step).dialect()).refusal(step.extraction())
                    .ifPresent(reason -> refused.add(new Problem("", where, 0, "refused SQL: " + reason)));
        }
        if (!refused.isEmpty()) {
            throw new ValidationException(refused);
        }
    }

    private static final String CANCELLED = "The run was cancelled; files are left as they were.";

    private void checkCancelled() {
        if (cancelled) {
            throw new ExecutionFailedException(CANCELLED);
        }
    }

    // ------------------------------------------------------------------ extract

    /**
     * The extracts whose rows go to one load and nowhere else (no transform names them): into a
     * file, their source's CSV copy can be written straight into it; into a database, the rows
     * of a DuckDB file can be handed to the loader as the engine reads them (at the load's turn).
     */
    private static Map<String, LoadStep> directLoads(Pipeline pipeline, StepReads reads) {
        Map<String, LoadStep> direct = new LinkedHashMap<>();
        for (ExtractStep e : pipeline.extracts()) {
            List<LoadStep> readers = pipeline.loads().stream().filter(l -> l.from().equals(e.id())).toList();
            boolean inTransforms = reads.reads(e.id());
            boolean fromDuckDbFile = e.source().equals(DuckDbConnectorProvider.TYPE) && e.hasPath()
                    && reads.copiesInEngine(e);
            if (readers.size() == 1 && !inTransforms && (readers.get(0).target().isFile() || fromDuckDbFile)) {
                direct.put(e.id(), readers.get(0));
            }
        }
        return direct;
    }

    /** The loads written while their extract ran (see {@link #directLoads}), shared by the extract threads. */
    private static final class DirectLoads {
        private final Map<String, LoadStep> byExtract;
        private final List<PendingFile> pending;
        private final Map<String, StepReport> written = new ConcurrentHashMap<>();

        DirectLoads(Map<String, LoadStep> byExtract, List<PendingFile> pending) {
            this.byExtract = byExtract;
            this.pending = pending;
        }

        /** The one file load of an extract whose CSV copy may be written straight into it, or null. */
        LoadStep fileLoadOf(String extract) {
            LoadStep load = byExtract.get(extract);
            return load != null && load.target().isFile() ? load : null;
        }

        /**
         * Whether an extract is left for its one database load to read straight from its DuckDB
         * file ({@link #directLoads} admits a database load only for those).
         */
        boolean deferred(ExtractStep extract) {
            LoadStep load = byExtract.get(extract.id());
            return load != null && !load.target().isFile();
        }

        void add(PendingFile file) {
            synchronized (pending) {
                pending.add(file);
            }
        }

        void written(StepReport load) {
            written.put(load.id(), load);
        }

        StepReport written(String load) {
            return written.get(load);
        }
    }

    private List<StepReport> extractAll(Pipeline pipeline, Connectors connectors, boolean dry, DirectLoads direct) {
        List<ExtractStep> extracts = pipeline.extracts();
        if (extracts.isEmpty()) {
            return List.of();
        }
        int threads = Math.max(1, Math.min(parallelism, extracts.size()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "osiris-extract-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<StepReport>> futures = new ArrayList<>();
            for (ExtractStep step : extracts) {
                if (!direct.deferred(step)) {
                    futures.add(pool.submit(() -> extract(step, connectors, dry, direct, true)));
                }
            }
            List<StepReport> reports = new ArrayList<>();
            for (Future<StepReport> f : futures) {
                try {
                    reports.add(f.get());
                } catch (ExecutionException ex) {
                    // One extract failed: stop the others, they would be thrown away.
                    cancelStreams();
                    futures.forEach(other -> other.cancel(true));
                    Throwable cause = ex.getCause();
                    if (cause instanceof OsirisException oe) {
                        throw oe;
                    }
                    throw new ExecutionFailedException("Extract failed: " + cause, cause);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    cancel();
                    throw new ExecutionFailedException("The run was interrupted.", ex);
                }
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private void cancelStreams() {
        openStreams.forEach(RowStream::cancel);
    }

    /** @param announce whether to tell the listener the step started (false when the caller did) */
    private StepReport extract(ExtractStep step, Connectors connectors, boolean dry, DirectLoads direct,
            boolean announce) {
        checkCancelled();
        long start = System.nanoTime();
        if (announce) {
            listener.stepStarted(step.id(), "extract");
        }
        Connector connector = connectors.forExtract(step);
        String target = step.source() + ":" + (step.hasPath() ? step.path() : step.connection());
        StepReport report;
        if (dry) {
            RowSchema schema = connector.extractor().describe(step.extraction());
            engine.createEmpty(step.id(), schema);
            report = new StepReport(step.id(), "extract", target, 0, -1, seconds(start), schema.names());
        } else {
            // A DuckDB file needs no connector in between: the engine copies from it in SQL.
            report = step.source().equals(DuckDbConnectorProvider.TYPE) && step.hasPath()
                    && reads.copiesInEngine(step) ? extractInEngine(step, target, start) : null;
            if (report == null) {
                report = extractStreaming(step, connector, target, start, direct);
            }
        }
        LOG.info("Extract {} from {}: {} rows in {}s", step.id(), target, report.rows(), round(report.seconds()));
        listener.stepFinished(report);
        return report;
    }

    private StepReport extractStreaming(ExtractStep step, Connector connector, String target, long start,
            DirectLoads direct) {
        // A source that can write its rows as CSV (PostgreSQL's COPY TO STDOUT) goes into the
        // engine's CSV reader; without it, or when that fails, the rows are streamed.
        Optional<CsvCopy> csv;
        try {
            csv = connector.capability(CsvExport.class).flatMap(c -> c.csvCopy(step.extraction()));
        } catch (RuntimeException e) {
            // The streamed extraction below reports the problem in its own words.
            LOG.debug("Extract {}: no CSV copy ({})", step.id(), e.getMessage());
            csv = java.util.Optional.empty();
        }
        if (csv.isPresent()) {
            StepReport copied = viaCsv(step, csv.get(), target, start, direct);
            if (copied != null) {
                return copied;
            }
            // A copy is single use: stream the rows instead.
            return append(step, connector.extractor().extract(step.extraction()), target, start);
        }
        RowStream first = connector.extractor().extract(step.extraction());
        if (!rowsAsCsv || !RowsAsCsv.encodes(first.schema())) {
            return append(step, first, target, start);
        }
        // Any other source's rows are encoded as that CSV here, on a thread of their own while
        // the source is read on another: a 2M-row mysql -> parquet (with MySQL's own text copy
        // off) took 5.9 s instead of 9.2 s through the Appender (bench/README.md, round 3).
        openStreams.add(first);
        try (first; RowStream ahead = PrefetchingRowStream.start(first, step.id())) {
            StepReport copied = viaCsv(step, new RowsAsCsv(ahead), target, start, direct);
            if (copied != null) {
                return copied;
            }
        } finally {
            openStreams.remove(first);
        }
        return append(step, connector.extractor().extract(step.extraction()), target, start);
    }

    /**
     * An extract through a CSV copy: straight into its one file load's file when it has one,
     * into a staged table otherwise. Null when the engine declined.
     */
    private StepReport viaCsv(ExtractStep step, CsvCopy copy, String target,
            long start, DirectLoads direct) {
        LoadStep fileLoad = direct.fileLoadOf(step.id());
        if (fileLoad != null) {
            return writeDirect(step, fileLoad, copy, target, start, direct);
        }
        Throttle throttle = new Throttle(step.id(), start);
        var loaded = engine.capability(CsvIngest.class)
                .flatMap(in -> in.loadCsv(step.id(), copy, (rows, bytes) -> throttle.report(rows)));
        checkCancelled();
        return loaded.map(l -> new StepReport(step.id(), "extract", target, l.rows(), l.bytes(), seconds(start),
                copy.schema().names())).orElse(null);
    }

    /** Streams the rows into a staged table through the engine's Appender; closes {@code rows}. */
    private StepReport append(ExtractStep step, RowStream opened, String target, long start) {
        try (RowStream rows = opened) {
            openStreams.add(rows);
            // The source is read on a thread of its own while the engine appends, so the driver's
            // decoding and DuckDB's Appender use both cores. With the in-memory engine this took a
            // 2M-row supabase -> parquet run from 8.7s to 6.1s on the 2-core machine (bench/run).
            try (RowStream ahead = PrefetchingRowStream.start(rows, step.id())) {
                Throttle throttle = new Throttle(step.id(), start);
                TransformEngine.Loaded loaded = engine.load(step.id(), ahead, (r, b) -> throttle.report(r));
                checkCancelled();
                return new StepReport(step.id(), "extract", target, loaded.rows(), loaded.bytes(),
                        seconds(start), rows.schema().names());
            } finally {
                openStreams.remove(rows);
            }
        }
    }

    /**
     * Writes an extract's CSV copy straight into its one load's file: one pass through the
     * engine instead of staging a table and exporting it. A 2M-row supabase -> parquet run:
     * 4.20 s -> 3.15 s (bench/README.md, round 3). The load's report is kept for when its turn comes; its
     * file is committed with the others when the run succeeds. Null when the engine declined.
     */
    private StepReport writeDirect(ExtractStep step, LoadStep load, CsvCopy copy,
            String target, long start, DirectLoads direct) {
        Path file = resolve(load.path());
        Path temp = files.temp(load);
        PendingFile pendingFile = new PendingFile(temp, file, load.id());
        Throttle throttle = new Throttle(step.id(), start);
        java.util.Optional<TransformEngine.Loaded> written;
        try {
            written = engine.capability(CsvIngest.class).flatMap(in -> in.writeCsvCopy(copy,
                    TransformEngine.FileFormat.of(load), temp, (rows, bytes) -> throttle.report(rows)));
            checkCancelled();
        } catch (RuntimeException e) {
            pendingFile.discard();
            throw e;
        }
        if (written.isEmpty()) {
            pendingFile.discard();
            return null;
        }
        direct.add(pendingFile);
        List<String> columns = copy.schema().names();
        double seconds = seconds(start);
        direct.written(new StepReport(load.id(), "load", file.toString(), written.get().rows(), size(temp), 0.0,
                columns));
        LOG.info("Load {} to {}: written while extracting {}", load.id(), file, step.id());
        return new StepReport(step.id(), "extract", target, written.get().rows(), written.get().bytes(), seconds,
                columns);
    }

    /**
     * A DuckDB file extracted by the engine itself (see {@link DatabaseFileScan#loadFromFile}),
     * or null when the engine declines and the rows must be streamed.
     */
    private StepReport extractInEngine(ExtractStep step, String target, long start) {
        return engine.capability(DatabaseFileScan.class)
                .flatMap(scan -> scan.loadFromFile(step.id(), resolve(step.path()), step.extraction()))
                .map(loaded -> new StepReport(step.id(), "extract", target, loaded.rows(), loaded.bytes(),
                        seconds(start), engine.schemaOf(step.id()).names()))
                .orElse(null);
    }

    // ------------------------------------------------------------------ transform

    private StepReport transform(TransformStep step, boolean dry) {
        long start = System.nanoTime();
        listener.stepStarted(step.id(), "transform");
        long rows = engine.createTable(step.id(), dry
                ? "SELECT * FROM (" + step.sql() + "\n) AS osiris_bind LIMIT 0" : step.sql());
        StepReport report = new StepReport(step.id(), "transform", "duckdb", rows, -1, seconds(start),
                engine.schemaOf(step.id()).names());
        LOG.info("Transform {}: {} rows in {}s", step.id(), rows, round(report.seconds()));
        listener.stepFinished(report);
        return report;
    }

    // ------------------------------------------------------------------ load

    private StepReport load(LoadStep step, Connectors connectors, List<PendingFile> pending, boolean dry) {
        long start = System.nanoTime();
        listener.stepStarted(step.id(), "load");
        LoadTarget target = step.target();
        RowSchema schema = engine.schemaOf(step.from());
        List<String> columns = schema.names();
        StepReport report;
        if (target.isFile()) {
            Path file = resolve(step.path());
            if (dry) {
                report = new StepReport(step.id(), "load", file.toString(), 0, -1, seconds(start), columns);
            } else {
                Path temp = files.temp(step);
                PendingFile p = new PendingFile(temp, file, step.id());
                pending.add(p);
                long rows = engine.export(step.from(), TransformEngine.FileFormat.of(step), temp);
                long bytes = size(temp);
                report = new StepReport(step.id(), "load", file.toString(), rows, bytes, seconds(start), columns);
            }
        } else {
            Connector connector = connectors.forLoad(step);
            String where = target == LoadTarget.DUCKDB ? "duckdb:" + step.path() + "#" + step.table()
                    : step.to() + ":" + step.connection() + "#" + step.table();
            ILoader loader = connector.loader().orElseThrow(() -> new ConfigurationException(
                    "Load " + step.id() + ": connector '" + step.to() + "' cannot write; choose another target."));
            if (dry) {
                report = new StepReport(step.id(), "load", where, 0, -1, seconds(start), columns);
            } else {
                report = loadAsCsv(step, connector, where, schema, start);
            }
            if (report == null) {
                try (RowStream rows = engine.read(step.from())) {
                    openStreams.add(rows);
                    // The engine's rows are decoded on a thread of their own while the connector
                    // encodes and sends them. With the other engine changes a 2M-row Parquet -> supabase
                    // append went from 18.1s to 11.1s (bench/run).
                    try (RowStream ahead = PrefetchingRowStream.start(rows, step.id())) {
                        LoadResult result = loader.load(new LoadRequest(step.table(), step.mode(), step.primaryKey()),
                                ahead);
                        report = new StepReport(step.id(), "load", where, result.rowsWritten(), -1, seconds(start),
                                columns);
                    } finally {
                        openStreams.remove(rows);
                    }
                }
            }
        }
        LOG.info("Load {} to {}: {} rows in {}s", step.id(), report.target(), report.rows(), round(report.seconds()));
        listener.stepFinished(report);
        return report;
    }

    /**
     * A database load whose rows are an extraction from a DuckDB file and go nowhere else: the
     * engine reads the file while the loader takes the rows as CSV, with no table in between
     * (a 2M-row Parquet -> supabase append: 1.1 s staging + 6.0 s loading -> 5.8 s in all). When
     * the engine or the loader cannot, the
     * extract is staged now and loaded as usual. Returns the extract's report and the load's.
     */
    private List<StepReport> loadFromDuckDbFile(ExtractStep extract, LoadStep step, Connectors connectors,
            List<PendingFile> pending) {
        long start = System.nanoTime();
        Connector connector = connectors.forLoad(step);
        ILoader loader = connector.loader().orElse(null);
        if (loader != null) {
            listener.stepStarted(extract.id(), "extract");
            var request = new LoadRequest(step.table(), step.mode(), step.primaryKey());
            List<String> columns = new ArrayList<>();
            var bulk = connector.capability(CsvImport.class);
            var result = engine.capability(DatabaseFileScan.class).flatMap(scan -> scan.loadFileInto(
                    resolve(extract.path()), extract.extraction(), schema -> {
                        columns.addAll(schema.names());
                        return bulk.flatMap(b -> b.csvLoad(request, schema));
                    }));
            checkCancelled();
            if (result.isPresent()) {
                String where = step.to() + ":" + step.connection() + "#" + step.table();
                double seconds = seconds(start);
                StepReport extracted = new StepReport(extract.id(), "extract", "duckdb:" + extract.path(),
                        result.get().rowsWritten(), -1, seconds, columns);
                listener.stepFinished(extracted);
                listener.stepStarted(step.id(), "load");
                StepReport loaded = new StepReport(step.id(), "load", where, result.get().rowsWritten(), -1, 0.0,
                        columns);
                LOG.info("Load {} to {}: {} rows read straight from {} in {}s", step.id(), where, loaded.rows(),
                        extract.path(), round(seconds));
                listener.stepFinished(loaded);
                return List.of(extracted, loaded);
            }
        }
        StepReport extracted = extract(extract, connectors, false, new DirectLoads(Map.of(), pending), loader == null);
        return List.of(extracted, load(step, connectors, pending, false));
    }

    /**
     * Loads through the loader's CSV path when it has one ({@link CsvImport}): the engine
     * writes the table as text that the database's bulk path parses, and no row becomes Java
     * objects. A 2M-row Parquet -> supabase append's load step: 6.5 s -> about 5 s, psql's \copy
     * taking 5.0 s (bench/README.md, round 3). Null when the
     * loader or the engine has no such path.
     */
    private StepReport loadAsCsv(LoadStep step, Connector connector, String where, RowSchema schema, long start) {
        var request = new LoadRequest(step.table(), step.mode(), step.primaryKey());
        var csvLoad = connector.capability(CsvImport.class).flatMap(c -> c.csvLoad(request, schema));
        var egress = engine.capability(CsvEgress.class);
        if (csvLoad.isEmpty() || egress.isEmpty()) {
            return null;
        }
        return egress.get().exportCsv(step.from(), csvLoad.get())
                .map(result -> new StepReport(step.id(), "load", where, result.rowsWritten(), -1, seconds(start),
                        schema.names()))
                .orElse(null);
    }

    private Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    /** A file written beside its target, renamed into place when the whole run succeeded. */
    private static final class PendingFile {
        private final Path temp;
        private final Path target;
        private final String step;

        PendingFile(Path temp, Path target, String step) {
            this.temp = temp;
            this.target = target;
            this.step = step;
        }

        void commit() {
            try {
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new ExecutionFailedException("Load " + step + ": cannot move the written file into place at "
                        + target + ": " + e.getMessage(), e);
            }
        }

        void discard() {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.warn("Cannot remove temporary file {}: {}", temp, e.getMessage());
            }
        }
    }

    /** Reports progress at most once per interval. */
    private final class Throttle {
        private final String step;
        private final long start;
        private long last;

        Throttle(String step, long start) {
            this.step = step;
            this.start = start;
            this.last = start;
        }

        void report(long rows) {
            long now = System.nanoTime();
            if (now - last >= progressInterval.toNanos()) {
                last = now;
                double elapsed = (now - start) / 1e9;
                listener.progress(step, rows, elapsed > 0 ? rows / elapsed : 0);
            }
        }
    }

    /** The connectors a run opens, one per source or target, closed when the run ends. */
    private final class Connectors implements AutoCloseable {
        private final Map<String, Connector> open = new LinkedHashMap<>();

        synchronized Connector forExtract(ExtractStep step) {
            if (step.hasPath()) {
                Path file = resolve(step.path());
                return open(step.source() + "|path|" + file, () -> new ConnectorConfig(step.source(),
                        "path", Map.of("path", file.toString())));
            }
            return open(step.source() + "|" + step.connection(),
                    () -> config.requireConnection(step.source(), step.connection()));
        }

        synchronized Connector forLoad(LoadStep step) {
            if (step.target() == LoadTarget.DUCKDB) {
                Path file = resolve(step.path());
                return open("duckdb|path|" + file, () -> new ConnectorConfig("duckdb", "path",
                        Map.of("path", file.toString())));
            }
            return open(step.to() + "|" + step.connection(),
                    () -> config.requireConnection(step.to(), step.connection()));
        }

        private Connector open(String key, java.util.function.Supplier<ConnectorConfig> configSupplier) {
            Connector existing = open.get(key);
            if (existing != null) {
                return existing;
            }
            ConnectorConfig c = configSupplier.get();
            Connector connector = registry.provider(c.type()).open(c);
            open.put(key, connector);
            return connector;
        }

        @Override
        public synchronized void close() {
            for (Connector c : open.values()) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.warn("Closing connector {} failed: {}", c.type(), e.getMessage());
                }
            }
        }
    }

    /** Configures a {@link PipelineRunner}. */
    public static final class Builder {
        private ConnectorRegistry registry;
        private OsirisConfig config;
        private Path workingDirectory = Path.of("");
        private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private int parallelism = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private String memoryLimit = "512MB";
        private int engineThreads;
        private Duration progressInterval = Duration.ofSeconds(5);
        private RunListener listener = RunListener.NONE;
        private boolean rowsAsCsv = !"false".equals(System.getProperty("osiris.rowsAsCsv"));

        private Builder() {
        }

        /** The connector types to use; by default those on the class path and in the plugin directory. */
        public Builder registry(ConnectorRegistry registry) {
            this.registry = requireNonNull(registry, "registry");
            return this;
        }

        /** The connections; by default none (enough for files and DuckDB files named by path). */
        public Builder config(OsirisConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /** The directory relative paths in a pipeline resolve against; the process's by default. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = requireNonNull(directory, "directory");
            return this;
        }

        /** Where the engine keeps its database and spill files during a run; the system temp by default. */
        public Builder tempDirectory(Path directory) {
            this.tempDirectory = requireNonNull(directory, "directory");
            return this;
        }

        /** How many extracts run at once (at least 1). */
        public Builder parallelism(int extracts) {
            if (extracts < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1");
            }
            this.parallelism = extracts;
            return this;
        }

        /** The engine's memory limit ({@code 512MB} by default); beyond it DuckDB spills to disk. */
        public Builder memoryLimit(String limit) {
            this.memoryLimit = requireNonNull(limit, "limit");
            return this;
        }

        /** The engine's worker threads; 0 (the default) lets DuckDB choose. */
        public Builder engineThreads(int threads) {
            this.engineThreads = threads;
            return this;
        }

        /**
         * Whether rows a source cannot copy as CSV itself are encoded as CSV for the engine
         * (default) rather than appended one value at a time; the system property
         * {@code osiris.rowsAsCsv=false} turns it off too, to measure or rule out that path.
         */
        public Builder rowsAsCsv(boolean on) {
            this.rowsAsCsv = on;
            return this;
        }

        /** Follows the run. */
        public Builder listener(RunListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /** How often progress is reported on a long step (5 seconds by default). */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = requireNonNull(interval, "interval");
            return this;
        }

        /** The runner. */
        public PipelineRunner build() {
            return new PipelineRunner(this);
        }
    }

}

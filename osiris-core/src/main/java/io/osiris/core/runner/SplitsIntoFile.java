package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.CsvIngest;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code split-csv-copy-into-file} and {@code split-rows-as-csv-into-file}: the splits of an
 * extraction read at once straight into the step's one load's file, one statement reading a
 * pipe per split ({@link CsvIngest#writeCsvCopies}), with no table in between, as the single
 * stream's into-file routes do. Each split's source starts only when the engine opens its pipe.
 * Declines before reading when a split has no CSV form; after, when the engine declines the text
 * (the plan's fallback then reads one stream).
 */
final class SplitsIntoFile {
    private SplitsIntoFile() {
    }

    static RouteResult write(ExtractCall call, SplitRead source, Extraction extraction, List<Split> splits,
            boolean rowsAsCsv) {
        Run run = call.run;
        CsvIngest ingest = run.engine.capability(CsvIngest.class).orElseThrow();
        List<CsvCopy> copies = new ArrayList<>();
        if (rowsAsCsv) {
            RowSchema schema = call.connector().extractor().describe(extraction);
            if (!RowsAsCsv.encodes(schema)) {
                return RouteResult.declined("a column has no CSV text form");
            }
            splits.forEach(s -> copies.add(new LazyRows(call, source, extraction, s, schema)));
        } else {
            for (Split s : splits) {
                Optional<CsvCopy> copy = source.csvCopy(extraction, s);
                if (copy.isEmpty()) {
                    return RouteResult.declined("the source offers no CSV copy of split " + s.label());
                }
                copies.add(copy.get());
            }
        }
        Throttle throttle = run.throttle(call.step.id(), call.start);
        AtomicLongArray rows = new AtomicLongArray(splits.size());
        List<LoadProgress> progress = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            int index = i;
            progress.add((n, bytes) -> {
                rows.set(index, n);
                long total = 0;
                for (int k = 0; k < rows.length(); k++) {
                    total += rows.get(k);
                }
                synchronized (throttle) {
                    throttle.report(total);
                }
            });
        }
        return CsvIntoEngine.intoFile(call, copies.get(0).schema(),
                (format, temp) -> ingest.writeCsvCopies(copies, format, temp, progress))
                .map(RouteResult::done)
                .orElseGet(() -> RouteResult.declinedAfterReading("the engine declined the splits' CSV"));
    }

    /** A split's rows as CSV, its read begun only when the engine opens its pipe and asks for them. */
    private static final class LazyRows implements CsvCopy {
        private final ExtractCall call;
        private final SplitRead source;
        private final Extraction extraction;
        private final Split split;
        private final RowSchema schema;
        private volatile RowStream rows;
        private volatile boolean cancelled;

        LazyRows(ExtractCall call, SplitRead source, Extraction extraction, Split split, RowSchema schema) {
            this.call = call;
            this.source = source;
            this.extraction = extraction;
            this.split = split;
            this.schema = schema;
        }

        @Override
        public RowSchema schema() {
            return schema;
        }

        @Override
        public long writeTo(OutputStream out) {
            if (cancelled) {
                throw new ExecutionFailedException("Extract " + call.step.id() + ": split " + split.label()
                        + " was cancelled");
            }
            RowStream opened = source.read(extraction, split);
            rows = opened;
            call.run.cancellation.track(opened);
            try (opened; RowStream ahead = PrefetchingRowStream.start(opened, call.step.id() + "-" + split.index())) {
                // The CSV text follows the types: names and types must match, nullability may differ.
                if (!opened.schema().names().equals(schema.names()) || !opened.schema().columns().stream()
                        .map(c -> c.type()).toList().equals(schema.columns().stream().map(c -> c.type()).toList())) {
                    throw new ExecutionFailedException("Extract " + call.step.id() + ": split " + split.label()
                            + " reads other columns than the extraction describes");
                }
                return new RowsAsCsv(ahead).writeTo(out);
            } finally {
                call.run.cancellation.untrack(opened);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            RowStream r = rows;
            if (r != null) {
                r.cancel();
            }
        }
    }
}

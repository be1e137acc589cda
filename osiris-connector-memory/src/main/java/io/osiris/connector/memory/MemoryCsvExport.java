package io.osiris.connector.memory;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.data.RowSchema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Extractions written as the bulk CSV text, for a database built with {@code csvExport(true)}. */
final class MemoryCsvExport implements CsvExport {
    private final MemoryConnector connector;

    MemoryCsvExport(MemoryConnector connector) {
        this.connector = connector;
    }

    @Override
    public Optional<CsvCopy> csvCopy(Extraction extraction) {
        MemoryConnector.Selection selection = connector.select(extraction);
        return Optional.of(new Copy(connector, selection.schema(), selection::rows));
    }

    /** One copy of some rows: counted as a read of the source when written. */
    static final class Copy implements CsvCopy {
        private final MemoryConnector connector;
        private final RowSchema schema;
        private final Supplier<Iterator<List<Object>>> rows;
        private volatile boolean cancelled;

        Copy(MemoryConnector connector, RowSchema schema, Supplier<Iterator<List<Object>>> rows) {
            this.connector = connector;
            this.schema = schema;
            this.rows = rows;
        }

        @Override
        public RowSchema schema() {
            return schema;
        }

        @Override
        public long writeTo(OutputStream out) {
            connector.countRead();
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            long n = 0;
            try {
                for (Iterator<List<Object>> it = rows.get(); it.hasNext(); n++) {
                    if (cancelled) {
                        throw new ExecutionFailedException("memory: the copy was cancelled");
                    }
                    BulkCsv.writeRow(w, schema, it.next());
                }
                w.flush();
                return n;
            } catch (IOException e) {
                throw new ExecutionFailedException("memory: writing the CSV copy failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}

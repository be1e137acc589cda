package io.osiris.connector.memory;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Table extractions read as ranges of row positions, for a database built with
 * {@code splitRead(true)}. A query, a limit or a table of fewer rows than splits reads as one
 * stream; {@code parallelism: auto} plans a split per {@link #AUTO_ROWS_PER_SPLIT} rows at most.
 */
final class MemorySplitRead implements SplitRead {
    /** The fewest rows an automatic plan gives a split: smaller tables read as one stream. */
    static final int AUTO_ROWS_PER_SPLIT = 1000;
    private static final Pattern RANGE = Pattern.compile("row >= (\\d+) AND row < (\\d+)");

    private final MemoryConnector connector;
    private final MemoryDatabase db;

    MemorySplitRead(MemoryConnector connector, MemoryDatabase db) {
        this.connector = connector;
        this.db = db;
    }

    @Override
    public SplitPlan plan(Extraction extraction, SplitRequest request) {
        MemoryConnector.Selection selection = connector.select(extraction);
        if (!(extraction instanceof Extraction.Table table)) {
            return SplitPlan.single("memory splits tables, not queries");
        }
        if (extraction.limit() > 0) {
            return SplitPlan.single("a limit reads one stream");
        }
        int size = selection.table().size();
        int n = Math.min(request.parallelism(), request.automatic() ? size / AUTO_ROWS_PER_SPLIT : size);
        if (n <= 1) {
            return SplitPlan.single(size + " rows in " + table.table());
        }
        List<Split> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long from = (long) size * i / n;
            long to = (long) size * (i + 1) / n;
            splits.add(new Split(i, "row >= " + from + " AND row < " + to, "", "rows [" + from + ", " + to + ")"));
        }
        // Each split looks its table up when read: a load between two reads is seen by the later one.
        return SplitPlan.of(splits, SplitPlan.Consistency.PER_SPLIT, n + " ranges of row positions of "
                + table.table());
    }

    @Override
    public RowStream read(Extraction extraction, Split split) {
        MemoryConnector.Selection selection = connector.select(extraction);
        connector.countRead();
        return RowStream.of(selection.schema(), rows(selection, split));
    }

    @Override
    public Optional<CsvCopy> csvCopy(Extraction extraction, Split split) {
        if (!db.offersCsvExport()) {
            return Optional.empty();
        }
        MemoryConnector.Selection selection = connector.select(extraction);
        return Optional.of(new MemoryCsvExport.Copy(connector, selection.schema(), () -> rows(selection, split)));
    }

    /** The split's rows; those of the database's failing split fail half way, as a lost connection would. */
    private Iterator<List<Object>> rows(MemoryConnector.Selection selection, Split split) {
        if (split.whole()) {
            return selection.rows();
        }
        Matcher m = RANGE.matcher(split.condition());
        if (!m.matches()) {
            throw new ExecutionFailedException("memory: not a split of this connector: " + split.label());
        }
        int from = Integer.parseInt(m.group(1));
        int to = Math.min(Integer.parseInt(m.group(2)), selection.table().size());
        Iterator<List<Object>> rows = selection.rows(from, to);
        if (db.failingSplit() != split.index()) {
            return rows;
        }
        int failAt = (to - from) / 2;
        return new Iterator<>() {
            int served;

            @Override
            public boolean hasNext() {
                if (served >= failAt) {
                    throw new ExecutionFailedException("memory: split " + split.label()
                            + " failed after " + served + " rows (injected by failingSplit)");
                }
                return rows.hasNext();
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                served++;
                return rows.next();
            }
        };
    }
}

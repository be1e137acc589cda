package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Reads a {@link RowStream} on a thread of its own, a batch of rows ahead of its consumer, so
 * decoding the source (a JDBC driver, DuckDB's result set) and consuming the rows (the DuckDB
 * Appender, a connector's writer) run on two cores instead of taking turns on one.
 *
 * <p>Rows travel in batches of {@value #BATCH_ROWS}, copied column by column into primitive
 * arrays (numbers and booleans never box) or object arrays; at most {@value #BATCHES} batches
 * exist, recycled, so memory stays flat whatever the row count. A source failure is rethrown by
 * the consumer's {@link #next()} in order, after the rows read before it.
 *
 * <p>{@link #close()} stops and joins the reading thread but does not close the source: its
 * owner closes it afterwards, when no other thread touches it any more.
 */
final class PrefetchingRowStream implements RowStream {
    /** Rows per batch: a hand-off per batch, not per row (the queue would cost more than the copy). */
    static final int BATCH_ROWS = 4_096;
    /** Batches in flight: one being filled, one being read, two queued. */
    static final int BATCHES = 4;

    private final RowStream source;
    private final RowSchema schema;
    private final TypeKind[] kinds;
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread reader;
    private final LongConsumer handedOver;
    private volatile boolean stopped;
    private long handed;
    private Batch current;
    private int row = -1;
    private boolean ended;

    private PrefetchingRowStream(RowStream source, RowSchema schema, String name, LongConsumer handedOver) {
        this.source = source;
        this.handedOver = handedOver;
        this.schema = schema;
        int n = schema.size();
        this.kinds = new TypeKind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch(kinds));
        }
        this.reader = new Thread(this::readAll, "osiris-read-" + name);
        reader.setDaemon(true);
    }

    /** Starts reading {@code source} ahead; {@code name} names the thread (a step id). */
    static PrefetchingRowStream start(RowStream source, String name) {
        return start(source, source.schema(), name, rows -> {
        });
    }

    /**
     * Starts reading {@code source} ahead as a stream reporting {@code schema} (the same kinds as the
     * source's, with what the source's columns lost on the way: lengths, NOT NULL), telling
     * {@code handedOver} the rows the consumer has read so far each time it finishes a batch: once
     * per {@value #BATCH_ROWS} rows, never per row, so a load's progress is counted in the stream its
     * loader reads at no cost to it.
     */
    static PrefetchingRowStream start(RowStream source, RowSchema schema, String name, LongConsumer handedOver) {
        requireNonNull(source, "source");
        if (!SourceShapes.sameKinds(source.schema(), schema)) {
            throw new IllegalArgumentException("schema " + schema.names() + " does not match the rows' kinds");
        }
        PrefetchingRowStream stream = new PrefetchingRowStream(source, schema, name,
                requireNonNull(handedOver, "handedOver"));
        stream.reader.start();
        return stream;
    }

    /** One batch of rows, column-major. */
    private static final class Batch {
        final long[][] longs;
        final double[][] doubles;
        final Object[][] objects;
        final boolean[][] nulls;
        int size;
        boolean last;
        RuntimeException failure;

        Batch(TypeKind[] kinds) {
            int n = kinds.length;
            longs = new long[n][];
            doubles = new double[n][];
            objects = new Object[n][];
            nulls = new boolean[n][];
            for (int i = 0; i < n; i++) {
                switch (slot(kinds[i])) {
                    case LONG -> longs[i] = new long[BATCH_ROWS];
                    case DOUBLE -> doubles[i] = new double[BATCH_ROWS];
                    default -> objects[i] = new Object[BATCH_ROWS];
                }
                nulls[i] = new boolean[BATCH_ROWS];
            }
        }
    }

    private enum Slot { LONG, DOUBLE, OBJECT }

    private static Slot slot(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN, SMALLINT, INTEGER, BIGINT -> Slot.LONG;
            case REAL, DOUBLE -> Slot.DOUBLE;
            default -> Slot.OBJECT;
        };
    }

    // ------------------------------------------------------------------ the reading thread

    private void readAll() {
        int n = kinds.length;
        Batch b = null;
        try {
            boolean more = true;
            while (more && !stopped) {
                b = free.take();
                b.size = 0;
                while (b.size < BATCH_ROWS && (more = source.next())) {
                    int r = b.size;
                    for (int i = 0; i < n; i++) {
                        boolean isNull = source.isNull(i);
                        b.nulls[i][r] = isNull;
                        switch (kinds[i]) {
                            case BOOLEAN -> b.longs[i][r] = isNull ? 0 : source.getBoolean(i) ? 1 : 0;
                            case SMALLINT, INTEGER, BIGINT -> b.longs[i][r] = isNull ? 0 : source.getLong(i);
                            case REAL, DOUBLE -> b.doubles[i][r] = isNull ? 0 : source.getDouble(i);
                            default -> b.objects[i][r] = isNull ? null : source.get(i);
                        }
                    }
                    b.size++;
                }
                b.last = !more;
                full.put(b);
                b = null;
            }
        } catch (InterruptedException e) {
            // close() before the end: nobody reads any more.
        } catch (RuntimeException e) {
            if (b != null && b.size > 0) {
                // The rows read before the failure go first; the queue has room for every batch.
                full.offer(b);
            }
            Batch failed = new Batch(new TypeKind[0]);
            failed.last = true;
            failed.failure = e;
            full.offer(failed);
        }
    }

    // ------------------------------------------------------------------ the consumer

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (ended) {
            return false;
        }
        if (current != null && ++row < current.size) {
            return true;
        }
        try {
            while (true) {
                if (current != null) {
                    boolean last = current.last;
                    handed += current.size;
                    handedOver.accept(handed);
                    recycle(current);
                    current = null;
                    if (last) {
                        ended = true;
                        return false;
                    }
                }
                Batch b = full.poll(100, TimeUnit.MILLISECONDS);
                if (b == null) {
                    if (stopped) {
                        ended = true;
                        return false;
                    }
                    continue;
                }
                if (b.failure != null) {
                    ended = true;
                    throw b.failure;
                }
                current = b;
                row = 0;
                if (b.size > 0) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            throw new ExecutionFailedException("Reading rows was interrupted.", e);
        }
    }

    private void recycle(Batch b) {
        // Drop references to the rows just read so the batch does not keep them alive.
        for (Object[] column : b.objects) {
            if (column != null) {
                Arrays.fill(column, 0, b.size, null);
            }
        }
        free.offer(b);
    }

    @Override
    public Object get(int column) {
        if (current.nulls[column][row]) {
            return null;
        }
        return switch (kinds[column]) {
            case BOOLEAN -> current.longs[column][row] != 0;
            case SMALLINT -> (short) current.longs[column][row];
            case INTEGER -> (int) current.longs[column][row];
            case BIGINT -> current.longs[column][row];
            case REAL -> (float) current.doubles[column][row];
            case DOUBLE -> current.doubles[column][row];
            default -> current.objects[column][row];
        };
    }

    @Override
    public boolean isNull(int column) {
        return current.nulls[column][row];
    }

    @Override
    public boolean getBoolean(int column) {
        return kinds[column] == TypeKind.BOOLEAN ? current.longs[column][row] != 0 : (Boolean) get(column);
    }

    @Override
    public long getLong(int column) {
        return switch (slot(kinds[column])) {
            case LONG -> current.longs[column][row];
            case DOUBLE -> (long) current.doubles[column][row];
            case OBJECT -> ((Number) current.objects[column][row]).longValue();
        };
    }

    @Override
    public double getDouble(int column) {
        return switch (slot(kinds[column])) {
            case LONG -> current.longs[column][row];
            case DOUBLE -> current.doubles[column][row];
            case OBJECT -> ((Number) current.objects[column][row]).doubleValue();
        };
    }

    @Override
    public BigDecimal getDecimal(int column) {
        return (BigDecimal) current.objects[column][row];
    }

    @Override
    public String getString(int column) {
        return (String) current.objects[column][row];
    }

    /** Cancels the source, which ends (or fails) the reading thread's current read. */
    @Override
    public void cancel() {
        source.cancel();
    }

    /** Stops the reading thread and waits for it; the source stays open for its owner to close. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (reader.isAlive()) {
            if (!ended) {
                // Abandoned before the end: stop the source rather than wait for it to finish.
                source.cancel();
            }
            reader.interrupt();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        full.clear();
    }
}

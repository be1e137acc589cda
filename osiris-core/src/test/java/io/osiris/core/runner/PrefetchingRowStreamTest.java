package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrefetchingRowStreamTest {
    private static final RowSchema SCHEMA = new RowSchema(List.of(
            new ColumnInfo("id", ColumnType.BIGINT, false),
            new ColumnInfo("flag", ColumnType.BOOLEAN),
            new ColumnInfo("score", ColumnType.DOUBLE),
            new ColumnInfo("amount", ColumnType.decimal(12, 2)),
            new ColumnInfo("name", ColumnType.STRING)));

    private static List<Object> row(int i) {
        return Arrays.asList((long) i, i % 2 == 0, i % 3 == 0 ? null : i / 4.0,
                BigDecimal.valueOf(i, 2), i % 5 == 0 ? null : "name " + i);
    }

    @Test
    void deliversEveryRowInOrderWithTypedValuesAndNulls() {
        int rows = PrefetchingRowStream.BATCH_ROWS * 3 + 17;
        List<List<?>> source = IntStream.range(0, rows).<List<?>>mapToObj(PrefetchingRowStreamTest::row).toList();
        List<List<Object>> read = new ArrayList<>();
        try (RowStream in = RowStream.of(SCHEMA, source);
                RowStream ahead = PrefetchingRowStream.start(in, "test")) {
            while (ahead.next()) {
                assertThat(ahead.isNull(2)).isEqualTo(ahead.get(2) == null);
                List<Object> values = new ArrayList<>();
                values.add(ahead.getLong(0));
                values.add(ahead.getBoolean(1));
                values.add(ahead.isNull(2) ? null : ahead.getDouble(2));
                values.add(ahead.getDecimal(3));
                values.add(ahead.isNull(4) ? null : ahead.getString(4));
                read.add(values);
            }
            assertThat(ahead.next()).isFalse();
        }
        assertThat(read).hasSize(rows);
        assertThat(read).isEqualTo(source);
    }

    @Test
    void aSourceFailureReachesTheConsumerAfterTheRowsReadBeforeIt() {
        Iterator<List<?>> failing = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                if (i == 5_000) {
                    throw new ExecutionFailedException("the source broke");
                }
                return true;
            }

            @Override
            public List<?> next() {
                return row(i++);
            }
        };
        int[] seen = {0};
        try (RowStream in = RowStream.of(SCHEMA, failing);
                RowStream ahead = PrefetchingRowStream.start(in, "test")) {
            assertThatThrownBy(() -> {
                while (ahead.next()) {
                    seen[0]++;
                }
            }).isInstanceOf(ExecutionFailedException.class).hasMessage("the source broke");
        }
        assertThat(seen[0]).isEqualTo(5_000);
    }

    @Test
    void closingBeforeTheEndStopsTheReadingThread() {
        Iterator<List<?>> endless = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public List<?> next() {
                return row(i++);
            }
        };
        PrefetchingRowStream ahead;
        try (RowStream in = RowStream.of(SCHEMA, endless)) {
            ahead = PrefetchingRowStream.start(in, "endless");
            assertThat(ahead.next()).isTrue();
            ahead.close();
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("osiris-read-endless") && t.isAlive());
    }
}

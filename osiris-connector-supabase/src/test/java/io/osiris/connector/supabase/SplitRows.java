package io.osiris.connector.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** The split ITs' reading side: rows (and CSV lines) of one stream and of a plan's splits, sorted. */
final class SplitRows {
    private final Connector connector;
    private final SplitRead splits;

    /** Reads one stream through {@code connector} and splits through {@code splits}. */
    SplitRows(Connector connector, SplitRead splits) {
        this.connector = connector;
        this.splits = splits;
    }

    /** Both routes: the rows of every split (all open at once) and the CSV text, against one stream. */
    void assertSameRows(Extraction extraction, SplitPlan plan) {
        List<String> whole = rows(extraction);
        assertThat(readAll(extraction, plan, false)).isEqualTo(whole);
        assertThat(readAll(extraction, plan, true)).isEqualTo(csv(extraction, whole.size()));
    }

    /** The rows (or CSV lines) of every split, sorted. */
    List<String> readAll(Extraction extraction, SplitPlan plan, boolean csv) {
        List<String> union = new ArrayList<>();
        if (csv) {
            for (Split split : plan.splits()) {
                union.addAll(lines(splits.csvCopy(extraction, split).orElseThrow()));
            }
        } else {
            RowSchema schema = connector.extractor().describe(extraction);
            List<RowStream> streams = new ArrayList<>();
            try {
                // All at once, as core reads them: the pool must hold every split and the snapshot.
                for (Split split : plan.splits()) {
                    streams.add(splits.read(extraction, split));
                }
                for (RowStream s : streams) {
                    assertThat(s.schema()).isEqualTo(schema);
                    drain(s, union);
                }
            } finally {
                streams.forEach(RowStream::close);
            }
        }
        union.sort(null);
        return union;
    }

    /** The rows of one stream, sorted. */
    List<String> rows(Extraction extraction) {
        List<String> rows = new ArrayList<>();
        try (RowStream s = connector.extractor().extract(extraction)) {
            drain(s, rows);
        }
        rows.sort(null);
        return rows;
    }

    /** The CSV lines of one stream's copy, sorted; there must be {@code expected}. */
    List<String> csv(Extraction extraction, int expected) {
        List<String> lines = lines(connector.capability(CsvExport.class).orElseThrow().csvCopy(extraction)
                .orElseThrow());
        assertThat(lines).hasSize(expected);
        lines.sort(null);
        return lines;
    }

    static List<String> lines(CsvCopy copy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = copy.writeTo(out);
        String text = out.toString(StandardCharsets.UTF_8);
        // The fixtures hold no line break inside a value, so a line is a row.
        List<String> lines = text.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(text.split("\n")));
        assertThat(lines).hasSize((int) n);
        return lines;
    }

    /** Each row of {@code s} as one line of its values. */
    static void drain(RowStream s, List<String> into) {
        int n = s.schema().size();
        while (s.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Object v = s.get(i);
                row.append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v)).append('|');
            }
            into.add(row.toString());
        }
    }

    /** {@code split} serialised and read back, as another JVM would receive it. */
    static Split roundTrip(Split split) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(split);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Split) in.readObject();
        }
    }
}

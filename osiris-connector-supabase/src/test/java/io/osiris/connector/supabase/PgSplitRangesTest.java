package io.osiris.connector.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The conditions the planner writes, from a table's facts alone. */
class PgSplitRangesTest {
    private static final PgTableName NAME = new PgTableName("public", "t", true);

    private static PgSplitTable table(long pages, String key, boolean nullable) {
        return new PgSplitTable(NAME, 'r', pages, pages * 8192, -1, 150004, key, nullable, 16384);
    }

    @Test
    void ctidRangesCutThePagesEvenlyWithOpenEnds() {
        PostgresSplitRead.Ranged r = PostgresSplitRead.ctidRanges(table(10, "", false), 4);
        assertThat(r.conditions()).containsExactly(
                "ctid < '(2,0)'::tid",
                "ctid >= '(2,0)'::tid AND ctid < '(5,0)'::tid",
                "ctid >= '(5,0)'::tid AND ctid < '(7,0)'::tid",
                "ctid >= '(7,0)'::tid");
        assertThat(r.labels()).containsExactly("pages [0, 2)", "pages [2, 5)", "pages [5, 7)", "pages 7 to the end");
        assertThat(r.how()).isEqualTo("4 ctid ranges of t (10 pages)");
    }

    @Test
    void aTableBeyondAQuarterOfSharedBuffersIsSplitForSequentialScans() {
        // 16,384 buffers (128 MB): a sequential scan of more than 4,096 pages uses a ring.
        PostgresSplitRead.Ranged r = PostgresSplitRead.ctidRanges(table(26_312, "", false), 2);
        assertThat(r.conditions()).containsExactly("tidlt(ctid, '(13156,0)'::tid)", "tidge(ctid, '(13156,0)'::tid)");
        assertThat(r.how()).isEqualTo("2 ctid ranges of t (26312 pages, each a sequential scan)");
        assertThat(PostgresSplitRead.ctidRanges(table(26_312, "", false), 3).conditions().get(1))
                .isEqualTo("tidge(ctid, '(8770,0)'::tid) AND tidlt(ctid, '(17541,0)'::tid)");
    }

    @Test
    void sequentialScansOnlyWhereTheyCostLessThanTidRangeScans() {
        long buffers = 16_384;
        // Up to a quarter of shared_buffers a sequential scan has no ring either.
        assertThat(PostgresSplitRead.sequentialScans(buffers / 4, buffers, 2)).isFalse();
        assertThat(PostgresSplitRead.sequentialScans(buffers / 4 + 1, buffers, 2)).isTrue();
        // Two splits: one extra pass, worth it up to 6 × shared_buffers (then TID scans' faults stop growing).
        assertThat(PostgresSplitRead.sequentialScans(6 * buffers, buffers, 2)).isTrue();
        assertThat(PostgresSplitRead.sequentialScans(6 * buffers + 1, buffers, 2)).isFalse();
        // Four splits pass over the table four times: only while it fits in 4 × shared_buffers.
        assertThat(PostgresSplitRead.sequentialScans(4 * buffers, buffers, 4)).isTrue();
        assertThat(PostgresSplitRead.sequentialScans(4 * buffers + 1, buffers, 4)).isFalse();
        // Eight never: seven extra passes cost more than any TID range scans.
        assertThat(PostgresSplitRead.sequentialScans(buffers, buffers, 8)).isFalse();
        // Unknown shared_buffers: TID range scans, as before.
        assertThat(PostgresSplitRead.sequentialScans(1_000_000, 0, 2)).isFalse();
    }

    @Test
    void oneCtidRangeIsTheWholeTable() {
        assertThat(PostgresSplitRead.ctidRanges(table(1, "", false), 1).conditions()).containsExactly("");
    }

    @Test
    void keyRangesSpanTheWholeLongRangeWithoutOverflow() {
        PostgresSplitRead.Ranged r = PostgresSplitRead.keyRanges(table(100, "id", false), Long.MIN_VALUE,
                Long.MAX_VALUE, 4);
        assertThat(r.conditions()).containsExactly(
                "\"id\" < -4611686018427387904",
                "\"id\" >= -4611686018427387904 AND \"id\" < 0",
                "\"id\" >= 0 AND \"id\" < 4611686018427387904",
                "\"id\" >= 4611686018427387904");
        assertThat(r.labels().get(3)).isEqualTo("id [4611686018427387904, 9223372036854775807]");
    }

    @Test
    void fewerKeyValuesThanSplitsGiveOneRangeEach() {
        assertThat(PostgresSplitRead.keyRanges(table(1, "id", false), 5, 6, 4).conditions())
                .containsExactly("\"id\" < 6", "\"id\" >= 6");
    }

    @Test
    void aNullableKeyGetsASplitForNull() {
        assertThat(PostgresSplitRead.keyRanges(table(1, "k", true), 3, 3, 4).conditions())
                .containsExactly("\"k\" IS NOT NULL", "\"k\" IS NULL");
        PostgresSplitRead.Ranged r = PostgresSplitRead.keyRanges(table(1, "k", true), 0, 99, 2);
        assertThat(r.conditions()).containsExactly("\"k\" < 50", "\"k\" >= 50", "\"k\" IS NULL");
        assertThat(r.how()).isEqualTo("3 ranges of t.k (one for NULL)");
    }

    @Test
    void histogramCutsAreTheQuantilesInsideTheKeysRange() {
        long[] bounds = {1, 10, 20, 30, 40, 50, 60, 70, 80, 1_000_000_000L};
        assertThat(PostgresSplitRead.histogramCuts(bounds, 1, 2_000_000_000L, 4)).containsExactly(20, 40, 60);
        // Repeated bounds and bounds outside MIN..MAX leave fewer cuts: equal widths are used then.
        assertThat(PostgresSplitRead.histogramCuts(new long[] {5, 5, 5, 5, 9}, 5, 9, 4)).isEmpty();
        assertThat(PostgresSplitRead.histogramCuts(new long[0], 1, 9, 4)).isEmpty();
    }
}

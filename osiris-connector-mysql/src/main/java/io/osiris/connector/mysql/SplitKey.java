package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The column a table's rows are split on, chosen from the catalog, and the B-tree index whose
 * first column it is (so its MIN, MAX and range estimates are cheap index dives).
 *
 * <p>The choice: the primary key when it is one integer column; else, among the B-tree indexes
 * whose first column is an integer, DATE, DATETIME or TIMESTAMP (a composite primary key's
 * first column among them), the one whose first column has the most distinct values by the
 * index statistics, provided it has at least two per split (or no statistics yet). A column
 * with fewer cannot give every split rows: the table is then read as one stream. DECIMAL, text
 * and binary keys are not used: their values cannot be cut into ranges by arithmetic.
 *
 * @param column   the column, as the catalog spells it
 * @param index    the index it leads, {@code PRIMARY} for the primary key
 * @param kind     how its values are cut into ranges
 * @param nullable whether it holds NULLs, which go to a split of their own
 */
record SplitKey(String column, String index, Kind kind, boolean nullable) {

    /** How a key's values map to integers, so ranges are cut by arithmetic. */
    enum Kind {
        /** Any integer type, signed or not: the value itself. */
        INTEGER,
        /** DATE: the day since 1970-01-01. */
        DATE,
        /** DATETIME and TIMESTAMP: the second since 1970-01-01 00:00:00 in the session's (UTC) time. */
        DATETIME
    }

    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "integer",
            "bigint");

    SplitKey {
        requireNonNull(column, "column");
        requireNonNull(index, "index");
        requireNonNull(kind, "kind");
    }

    /** The key of {@code table} for {@code splits} splits, or empty when it has none worth splitting on. */
    static Optional<SplitKey> find(Connection c, MySqlTableName table, int splits) throws SQLException {
        Map<String, List<Candidate>> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.INDEX_NAME, s.SEQ_IN_INDEX, s.COLUMN_NAME,"
                + " s.CARDINALITY, s.INDEX_TYPE, c.DATA_TYPE, c.IS_NULLABLE"
                + " FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND s.TABLE_NAME = ?"
                + " ORDER BY s.INDEX_NAME, s.SEQ_IN_INDEX")) {
            ps.setString(1, table.database());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Candidate(
                            rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6).toLowerCase(Locale.ROOT), "YES".equals(rs.getString(7))));
                }
            }
        }
        List<Candidate> primary = indexes.getOrDefault("PRIMARY", List.of());
        if (primary.size() == 1 && INTEGERS.contains(primary.get(0).dataType())) {
            return Optional.of(primary.get(0).key());
        }
        Candidate best = null;
        for (List<Candidate> columns : indexes.values()) {
            Candidate first = columns.get(0);
            if (first.seq() != 1 || !"BTREE".equalsIgnoreCase(first.indexType()) || first.kind().isEmpty()) {
                continue;
            }
            boolean known = first.cardinality() > 0;
            if (known && first.cardinality() < 2L * splits) {
                continue;
            }
            if (best == null || first.cardinality() > best.cardinality()) {
                best = first;
            }
        }
        return Optional.ofNullable(best).map(Candidate::key);
    }

    /** One column of one index, as information_schema lists it. */
    private record Candidate(String index, int seq, String column, long cardinality, String indexType,
            String dataType, boolean nullable) {

        Optional<Kind> kind() {
            if (INTEGERS.contains(dataType)) {
                return Optional.of(Kind.INTEGER);
            }
            return switch (dataType) {
                case "date" -> Optional.of(Kind.DATE);
                case "datetime", "timestamp" -> Optional.of(Kind.DATETIME);
                default -> Optional.empty();
            };
        }

        SplitKey key() {
            return new SplitKey(column, index, kind().orElseThrow(), nullable);
        }
    }
}

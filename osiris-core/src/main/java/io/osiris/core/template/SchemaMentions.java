package io.osiris.core.template;

import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.TypeKind;
import io.osiris.core.discovery.DiscoveryService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a sentence says about the schema: the tables and columns it names (by their name
 * parts, stemmed, or a synonym), the table it is about, and that table's description. The
 * parameter filler asks it for columns by position and type.
 */
final class SchemaMentions {
    static final Set<TypeKind> NUMERIC = Set.of(TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT,
            TypeKind.REAL, TypeKind.DOUBLE, TypeKind.DECIMAL);
    static final Set<TypeKind> TEMPORAL = Set.of(TypeKind.DATE, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP_TZ);

    /** A table or column named at tokens [start, end). */
    record Mention(String table, String column, int start, int end) {
    }

    private final Sentence s;
    private final String table;
    private final List<Mention> tableMentions;
    private final List<Mention> columnMentions;
    private final TableInfo info;

    private SchemaMentions(Sentence s, String table, List<Mention> tableMentions, List<Mention> columnMentions,
            TableInfo info) {
        this.s = s;
        this.table = table;
        this.tableMentions = tableMentions;
        this.columnMentions = columnMentions;
        this.info = info;
    }

    /** The mentions of a sentence in the schema discovery sees. */
    static SchemaMentions find(Sentence s, DiscoveryService discovery) {
        List<TableSummary> summaries = discovery.listTables();
        List<Mention> tableMentions = new ArrayList<>();
        for (TableSummary t : summaries) {
            String bare = t.name().contains(".") ? t.name().substring(t.name().lastIndexOf('.') + 1) : t.name();
            s.find(Vocabulary.parts(bare, false)).ifPresent(at -> tableMentions.add(new Mention(t.name(), "", at[0],
                    at[1])));
        }
        tableMentions.sort(Comparator.comparingInt(Mention::start));
        // Columns are looked for in the tables the sentence names, else in every table.
        List<String> candidates = tableMentions.isEmpty() ? summaries.stream().map(TableSummary::name).toList()
                : tableMentions.stream().map(Mention::table).distinct().toList();
        List<TableInfo> infos = discovery.describeAll(candidates, false);
        List<Mention> columnMentions = new ArrayList<>();
        for (TableInfo info : infos) {
            for (ColumnInfo c : info.columns()) {
                List<String> parts = Vocabulary.parts(c.name(), true);
                for (int[] at : s.findAll(parts)) {
                    columnMentions.add(new Mention(info.name(), c.name(), at[0], at[1]));
                }
                for (int i = 0; i < s.stems().size(); i++) {
                    if (Vocabulary.isSynonymOf(s.stems().get(i), parts)) {
                        columnMentions.add(new Mention(info.name(), c.name(), i, i + 1));
                    }
                }
            }
        }
        // A word that names a table is not also a column ("movies" is not movie_id).
        columnMentions.removeIf(m -> tableMentions.stream().anyMatch(t -> m.start() < t.end() && t.start() < m.end()));
        columnMentions.sort(Comparator.comparingInt(Mention::start));

        String table = tableMentions.isEmpty() ? tableWithMostMentions(columnMentions, infos)
                : tableMentions.get(0).table();
        TableInfo info = table == null ? null : infos.stream().filter(i -> i.name().equals(table)).findFirst()
                .orElse(null);
        return new SchemaMentions(s, table, tableMentions, columnMentions, info);
    }

    private static String tableWithMostMentions(List<Mention> columns, List<TableInfo> infos) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        infos.forEach(i -> counts.put(i.name(), 0));
        columns.forEach(m -> counts.merge(m.table(), 1, Integer::sum));
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)).map(Map.Entry::getKey)
                .orElse(null);
    }

    Sentence sentence() {
        return s;
    }

    /** The table the sentence is about, if any. */
    Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /** The description of that table, if the sentence is about one. */
    Optional<TableInfo> info() {
        return Optional.ofNullable(info);
    }

    /** The tables the sentence names, in sentence order, once each. */
    List<String> tables() {
        return tableMentions.stream().map(Mention::table).distinct().toList();
    }

    /** The columns of the chosen table the sentence names, in sentence order, once each. */
    List<String> columns() {
        return columnMentions.stream().filter(m -> m.table().equals(table)).map(Mention::column).distinct()
                .toList();
    }

    /** The last column of the chosen table named before token {@code at}. */
    Optional<String> columnBefore(int at) {
        return columnMentions.stream().filter(m -> m.table().equals(table)).filter(m -> m.end() <= at)
                .reduce((a, b) -> b).map(Mention::column);
    }

    /** The column named right after one of {@code words} ("by box office", "per reviewer"). */
    Optional<String> columnAfter(Set<String> words) {
        for (int i = 0; i < s.tokens().size(); i++) {
            if (words.contains(s.tokens().get(i))) {
                int at = i;
                Optional<Mention> m = columnMentions.stream().filter(x -> x.table().equals(table))
                        .filter(x -> x.start() > at && x.start() <= at + 3).findFirst();
                if (m.isPresent()) {
                    return Optional.of(m.get().column());
                }
            }
        }
        return Optional.empty();
    }

    /** The first named column of one of {@code kinds}. */
    Optional<String> firstColumn(Set<TypeKind> kinds) {
        return columns().stream().filter(c -> isKind(c, kinds)).findFirst();
    }

    /** The table's first date or timestamp column, named or not. */
    Optional<String> onlyTemporalColumn() {
        if (info == null) {
            return Optional.empty();
        }
        return info.columns().stream().filter(c -> TEMPORAL.contains(c.type().kind())).map(ColumnInfo::name)
                .findFirst();
    }

    boolean isKind(String column, Set<TypeKind> kinds) {
        return info != null && info.columns().stream()
                .anyMatch(c -> c.name().equals(column) && kinds.contains(c.type().kind()));
    }
}

package io.osiris.core.template;

import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.data.ColumnInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns two tables join on: a declared foreign key in either direction, else, for databases
 * whose links are only a naming convention (MyISAM tables, copies loaded without constraints),
 * the one-column primary key of one table that the other has a column of the same name for
 * ({@code movies.movie_id} and {@code reviews.movie_id}).
 */
final class JoinKeys {
    private JoinKeys() {
    }

    /** Pairs of {@code t} column and {@code j} column; empty when nothing links them. */
    static List<String[]> between(TableInfo t, TableInfo j) {
        List<String[]> declared = declared(t, j);
        if (!declared.isEmpty()) {
            return declared;
        }
        if (j.primaryKey().size() == 1 && hasColumn(t, j.primaryKey().get(0))) {
            return List.<String[]>of(new String[] {j.primaryKey().get(0), j.primaryKey().get(0)});
        }
        if (t.primaryKey().size() == 1 && hasColumn(j, t.primaryKey().get(0))) {
            return List.<String[]>of(new String[] {t.primaryKey().get(0), t.primaryKey().get(0)});
        }
        return List.of();
    }

    /** The tables {@code t} declares foreign keys to, for messages. */
    static String linkedTables(TableInfo t) {
        List<String> linked = t.foreignKeys().stream().map(ForeignKey::referencedTable).distinct().toList();
        return linked.isEmpty() ? "none found from its side" : String.join(", ", linked);
    }

    private static List<String[]> declared(TableInfo t, TableInfo j) {
        List<String[]> on = new ArrayList<>();
        for (ForeignKey fk : t.foreignKeys()) {
            if (sameTable(fk.referencedTable(), j.name())) {
                for (int i = 0; i < fk.columns().size(); i++) {
                    on.add(new String[] {fk.columns().get(i), fk.referencedColumns().get(i)});
                }
                return on;
            }
        }
        for (ForeignKey fk : j.foreignKeys()) {
            if (sameTable(fk.referencedTable(), t.name())) {
                for (int i = 0; i < fk.columns().size(); i++) {
                    on.add(new String[] {fk.referencedColumns().get(i), fk.columns().get(i)});
                }
                return on;
            }
        }
        return on;
    }

    private static boolean hasColumn(TableInfo t, String name) {
        return t.columns().stream().map(ColumnInfo::name).anyMatch(name::equals);
    }

    private static boolean sameTable(String referenced, String table) {
        return referenced.equals(table) || referenced.endsWith("." + table) || table.endsWith("." + referenced);
    }
}

package io.osiris.llm.linking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What schema linking knows of one source: every table's name, comment, size, columns and
 * foreign-key neighbours, and for short text columns a bounded sample of their distinct values
 * (the value index), so a literal in a question ("Ava DuVernay") can point at its column. Built
 * by {@link SchemaIndexes} and kept in the state store; plain JSON-friendly records.
 *
 * @param connection the source, as {@code TYPE.NAME}
 * @param values     whether the value index was built (false when {@code discovery.sample_data: false})
 * @param tables     the tables in catalogue order
 */
public record SchemaIndex(String connection, boolean values, List<Table> tables) {
    public SchemaIndex {
        requireNonNull(connection, "connection");
        tables = List.copyOf(tables);
    }

    /** This index without any value: what a session with sample data off may use. */
    public SchemaIndex withoutValues() {
        return new SchemaIndex(connection, false, tables.stream().map(t -> new Table(t.name(), t.comment(), t.rows(),
                t.columns().stream().map(c -> new Column(c.name(), c.type(), c.comment(), List.of(), false)).toList(),
                t.neighbours())).toList());
    }

    /**
     * A table.
     *
     * @param name       its name as {@code list_tables} gives it
     * @param comment    its comment, empty for none
     * @param rows       the row count estimate
     * @param columns    its columns in order
     * @param neighbours the tables it references or that reference it by foreign key
     */
    public record Table(String name, String comment, long rows, List<Column> columns, List<String> neighbours) {
        public Table {
            requireNonNull(name, "name");
            comment = comment == null ? "" : comment;
            columns = List.copyOf(columns);
            neighbours = List.copyOf(neighbours);
        }
    }

    /**
     * A column.
     *
     * @param name     its name
     * @param type     its portable type ({@code STRING(40)})
     * @param comment  its comment, empty for none
     * @param values   distinct values indexed (short text columns only, never sensitive ones)
     * @param complete whether {@code values} holds every distinct value of the column
     */
    public record Column(String name, String type, String comment, List<String> values, boolean complete) {
        public Column {
            requireNonNull(name, "name");
            type = type == null ? "" : type;
            comment = comment == null ? "" : comment;
            values = List.copyOf(values);
        }
    }
}

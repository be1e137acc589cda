package io.osiris.llm.linking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table as ranked for one question.
 *
 * @param table   the table
 * @param score   how well it matches; 0 for no evidence at all
 * @param linked  the columns the question names or whose values it mentions, best first
 * @param hits    values of the table the question mentions
 */
public record RankedTable(SchemaIndex.Table table, double score, List<String> linked, List<ValueHit> hits) {
    public RankedTable {
        requireNonNull(table, "table");
        linked = List.copyOf(linked);
        hits = List.copyOf(hits);
    }
}

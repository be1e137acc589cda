/**
 * Schema linking: a per-source index of tables, columns, foreign keys and short text values
 * ({@link io.osiris.llm.linking.SchemaIndexes}), and a deterministic ranker
 * ({@link io.osiris.llm.linking.SchemaRanker}) that picks what a question needs, so the agent's
 * prompt carries the relevant part of a large schema within its token budget.
 */
package io.osiris.llm.linking;

/**
 * The {@code memory} connector: tables held in memory, given in code, for tests and host
 * applications that want a pipeline's source or target without a database server.
 *
 * <pre>{@code
 * MemoryDatabase db = MemoryDatabase.builder("shop")
 *         .table("orders", RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
 *                 new ColumnInfo("total", ColumnType.decimal(10, 2))),
 *                 List.of(List.of(1, new BigDecimal("9.50"))), List.of("id"))
 *         .csvExport(true)
 *         .register();
 * // a pipeline step `source: memory, connection: shop, table: orders` now reads it,
 * // and a load `to: memory, connection: shop, table: copy` writes db.table("copy").
 * }</pre>
 *
 * <p>What it does, honestly: extraction by table (columns and a limit); a {@code where} is
 * refused with a message saying so, and the only query it runs is {@code SELECT * FROM table}.
 * Loads append, replace or upsert atomically. The bulk CSV capabilities
 * ({@link io.osiris.api.connector.capability.CsvExport},
 * {@link io.osiris.api.connector.capability.CsvImport}) and split reads
 * ({@link io.osiris.api.connector.capability.SplitRead}: a table as ranges of row positions, read
 * at once) are off unless the builder turns them on, so each of core's routes can be exercised;
 * {@code failingSplit(i)} makes one split fail half way.
 */
package io.osiris.connector.memory;

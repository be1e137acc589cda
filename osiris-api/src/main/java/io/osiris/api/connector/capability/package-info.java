/**
 * Optional connector capabilities: fast paths a connector may offer beside the two basic
 * interfaces, found with {@link io.osiris.api.connector.Connector#capability(Class)}. A
 * connector that offers none still works everywhere; core takes a capability only where its
 * run plan can use it, and says which route each step took.
 *
 * <h2>The bulk CSV text</h2>
 * {@link io.osiris.api.connector.capability.CsvExport} (rows out of a source) and
 * {@link io.osiris.api.connector.capability.CsvImport} (rows into a table) share one text form,
 * which the transform engine reads and writes without turning any value into a Java object:
 * <ul>
 * <li>RFC 4180: comma separated, a field quoted with {@code "} when it needs to be, a quote
 *     doubled inside; no header; one row a line.</li>
 * <li>SQL NULL is an unquoted empty field; an empty string is a quoted one ({@code ""}).</li>
 * <li>Booleans {@code t}/{@code f} or {@code true}/{@code false}; integers and decimals in plain
 *     decimal text (floating point may use an exponent).</li>
 * <li>Dates {@code yyyy-MM-dd}; times {@code HH:mm:ss[.ffffff]}; timestamps
 *     {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, TIMESTAMP_TZ in UTC with the offset {@code +00}.</li>
 * <li>Binary as {@code \x} followed by hex digits (either case); UUID, JSON and strings as their
 *     text.</li>
 * </ul>
 * A connector offers a copy or a load only when every column of its schema has this form, so
 * rows read back exactly as {@link io.osiris.api.connector.IExtractor#extract} would give them
 * (or as {@link io.osiris.api.connector.ILoader#load} would write them); for anything else it
 * returns empty and core streams rows instead.
 */
package io.osiris.api.connector.capability;

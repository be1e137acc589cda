/** Apache Spark SQL as Osiris's transform engine, chosen with {@code engine: {type: spark}}. */
package io.osiris.spark;

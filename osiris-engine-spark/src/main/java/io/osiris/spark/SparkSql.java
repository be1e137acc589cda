package io.osiris.spark;

/** Spark SQL text. */
final class SparkSql {
    private SparkSql() {
    }

    /** An identifier in backquotes, which Spark reads in any mode. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}

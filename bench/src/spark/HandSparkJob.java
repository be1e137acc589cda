import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The job a user would write by hand instead of Osiris on Spark: a SparkSession in local mode reads
 * a table over JDBC in N partitions on its integer key and writes it as Parquet. {@code bench/run}
 * compiles it against the Spark jars of osiris-engine-spark's class path and times it as a whole
 * process, like every other case.
 *
 * <p>Usage: {@code HandSparkJob JDBC_URL TABLE KEY_MIN KEY_MAX PARTITIONS OUTPUT_DIR}. The master
 * is {@code local[2]} unless {@code spark.master} says otherwise (a {@code -D} system property,
 * which SparkConf reads like every {@code spark.*} property).
 */
public final class HandSparkJob {
    private HandSparkJob() {
    }

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: HandSparkJob JDBC_URL TABLE KEY_MIN KEY_MAX PARTITIONS OUTPUT_DIR");
            System.exit(2);
        }
        String master = System.getProperty("spark.master", "local[2]");
        SparkSession spark = SparkSession.builder().appName("hand-jdbc-to-parquet").master(master).getOrCreate();
        try {
            // Spark splits [lowerBound, upperBound] of the key into numPartitions ranges, one query
            // each; with one partition it reads the table in one query. The fetch size keeps each
            // task streaming (pgjdbc needs autocommit off for it, which Spark's dialect sets; MySQL
            // needs useCursorFetch=true in the URL, since Spark refuses the MIN_VALUE of streaming).
            Dataset<Row> rows = spark.read().format("jdbc")
                    .option("url", args[0])
                    .option("dbtable", args[1])
                    .option("partitionColumn", "id")
                    .option("lowerBound", args[2])
                    .option("upperBound", args[3])
                    .option("numPartitions", args[4])
                    .option("fetchsize", "10000")
                    .load();
            rows.write().mode(SaveMode.Overwrite).parquet(args[5]);
        } finally {
            spark.stop();
        }
    }
}

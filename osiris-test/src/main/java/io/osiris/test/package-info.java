/**
 * Testing a host application's Osiris pipelines with JUnit 5, with no server: a test names a
 * pipeline file, gives the tables of the connections it names ({@link io.osiris.test.Rows} from
 * CSV text, records or maps), runs it for real (parsed and validated as {@code osiris run} does,
 * transformed and loaded by the embedded DuckDB engine) and asserts on each load's rows.
 *
 * <pre>{@code
 * @OsirisPipelineTest
 * class TopMoviesTest {
 *     @Test
 *     void keepsOnlyHighRatings(PipelineHarness osiris) {
 *         PipelineOutputs out = osiris.pipeline(Path.of("pipelines/top_movies.yaml"))
 *                 .source("mysql", "default", db -> db.records("movies", List.of(
 *                         new Movie(1, "Alien", 8.5), new Movie(2, "Cats", 2.8))))
 *                 .run();
 *         assertThat(out.rows("output/top_movies.csv").as(Movie.class))
 *                 .containsExactly(new Movie(1, "Alien", 8.5));
 *     }
 * }
 * }</pre>
 *
 * <p>The {@code io.osiris.connector.memory} connector comes along, for tests that embed
 * {@code Osiris} themselves.
 */
package io.osiris.test;

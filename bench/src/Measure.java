import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times a case as a whole process under {@code /usr/bin/time -v} (wall time from the outside, JVM
 * start included, and the peak RSS), {@code repeat} times, keeping the best; holds the results and
 * the cases that were skipped, with why.
 */
final class Measure {
    /** A measured case: the best wall time over the repeats, the worst, and the peak RSS of the best. */
    record Result(double best, double worst, long rssKb) {
        double rate() {
            return OsirisBench.ROWS / best;
        }

        boolean noisy() {
            return worst > best * 1.10;
        }
    }

    private final Path work;
    private final int repeat;
    private final Map<String, Result> results;
    private final Map<String, String> skipped;
    private final Map<String, Integer> runs;

    Measure(Path work, int repeat) {
        this(work, repeat, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private Measure(Path work, int repeat, Map<String, Result> results, Map<String, String> skipped,
            Map<String, Integer> runs) {
        this.work = work;
        this.repeat = repeat;
        this.results = results;
        this.skipped = skipped;
        this.runs = runs;
    }

    /**
     * The same results, one run per call: cases compared with each other are measured in turns
     * (a, b, a, b, ...), so a slow spell of the machine falls on both, not on one case's repeats.
     * A case's best and worst are over all its runs.
     */
    Measure oneRunEach() {
        return new Measure(work, 1, results, skipped, runs);
    }

    int repeat() {
        return repeat;
    }

    Map<String, Result> results() {
        return results;
    }

    /** The cases not measured although selected, each with the reason, in the order they came up. */
    Map<String, String> skipped() {
        return skipped;
    }

    /** Of two measured cases, the faster (the one measured, if only one was). */
    String faster(String a, String b) {
        if (!results.containsKey(a) || !results.containsKey(b)) {
            return results.containsKey(a) ? a : b;
        }
        return results.get(a).best() <= results.get(b).best() ? a : b;
    }

    /** Whether BENCH_CASES (comma-separated key prefixes) selects the case; all cases when unset. */
    static boolean selected(String key) {
        String only = System.getenv().getOrDefault("BENCH_CASES", "");
        return only.isBlank() || List.of(only.split(",")).stream().anyMatch(p -> key.startsWith(p.trim()));
    }

    /** Records that a selected case was not measured, and says so at once. */
    void skip(String key, String reason) {
        if (selected(key)) {
            skipped.put(key, reason);
            System.err.println("bench: " + key + " skipped: " + reason);
        }
    }

    void measure(String key, List<String> command, Path stdout) throws Exception {
        measure(key, command, stdout, () -> { });
    }

    /** Measures the case; a failed process stops the bench (the error names the case and shows its log). */
    void measure(String key, List<String> command, Path stdout, Runnable before) throws Exception {
        String failure = attempt(key, command, stdout, before, work);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Measures the case in {@code dir}; a failed process skips the case (reason and log kept) instead of
     * stopping the bench, for cases that rest on parts still being built. Returns whether it was measured.
     */
    boolean tryMeasure(String key, List<String> command, Path dir) throws Exception {
        String failure = attempt(key, command, null, () -> { }, dir);
        if (failure != null) {
            skip(key, failure);
        }
        return failure == null && results.containsKey(key);
    }

    private String attempt(String key, List<String> command, Path stdout, Runnable before, Path dir)
            throws Exception {
        if (!selected(key)) {
            return null;
        }
        Result earlier = results.get(key);
        double best = earlier == null ? Double.MAX_VALUE : earlier.best();
        double worst = earlier == null ? 0 : earlier.worst();
        long rss = earlier == null ? 0 : earlier.rssKb();
        for (int i = 0; i < repeat; i++) {
            int run = runs.merge(key, 1, Integer::sum);
            before.run();
            Path timeOut = work.resolve("time.txt");
            Path log = work.resolve("log_" + key + ".txt");
            // The command in a file of its own: a Spark class path is a few thousand characters.
            Path commandFile = work.resolve("command_" + key + ".txt");
            Files.writeString(commandFile, "cd " + dir + " && " + String.join(" ", command) + "\n");
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timeOut.toString()));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(log.toFile());
            pb.redirectOutput(stdout != null ? stdout.toFile() : work.resolve("stdout.txt").toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().put("JAVA_OPTS", OsirisBench.JAVA_XMX); // read by the osiris launcher only
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return key + ": timed out (log: " + log + ")";
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (p.exitValue() != 0) {
                return key + " failed (exit " + p.exitValue() + ")" + cause(log) + "\n" + tail(log) + "(log: " + log
                        + "; command: " + commandFile + ")";
            }
            long kb = peakRssKb(timeOut);
            System.err.printf(Locale.ROOT, "bench: %-11s run %d: %6.2fs  %5d MB%n", key, run, seconds, kb / 1024);
            if (seconds < best) {
                best = seconds;
                rss = kb;
            }
            worst = Math.max(worst, seconds);
        }
        results.put(key, new Result(best, worst, rss));
        return null;
    }

    /** The log's first line that says why (an osiris error, an exception), for the one-line summary. */
    private static String cause(Path log) throws IOException {
        return Files.readAllLines(log).stream().map(String::trim)
                .filter(l -> l.startsWith("osiris:") || l.startsWith("Exception") || l.startsWith("Error")
                        || l.startsWith("Caused by"))
                .findFirst().map(l -> ": " + l).orElse("");
    }

    /** The last lines of a log: a JVM's error is at its end, after pages of Spark's INFO lines. */
    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(Math.max(0, lines.size() - 15), lines.size())) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }

    private static long peakRssKb(Path timeOutput) throws IOException {
        for (String line : Files.readAllLines(timeOutput)) {
            String t = line.trim();
            if (t.startsWith("Maximum resident set size")) {
                return Long.parseLong(t.substring(t.lastIndexOf(':') + 1).trim());
            }
        }
        return -1;
    }
}

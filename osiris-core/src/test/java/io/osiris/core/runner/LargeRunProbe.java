package io.osiris.core.runner;

import io.osiris.core.pipeline.Pipelines;
import java.nio.file.Path;

/**
 * Child-process side of the large-run test: runs a pipeline file under a small heap and
 * prints each step's rows and the heap it had.
 */
public final class LargeRunProbe {
    private LargeRunProbe() {
    }

    /** Arguments: pipeline file, working directory. */
    public static void main(String[] args) {
        Path work = Path.of(args[1]);
        RunReport report = PipelineRunner.builder().workingDirectory(work).tempDirectory(work.resolve("tmp"))
                .memoryLimit("256MB").build().run(Pipelines.read(Path.of(args[0])));
        for (StepReport step : report.steps()) {
            System.out.println(step.id() + ".rows=" + step.rows() + " seconds=" + step.seconds());
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("seconds=" + report.seconds() + " maxHeapMiB=" + rt.maxMemory() / (1024 * 1024)
                + " usedHeapMiB=" + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    }
}

package io.osiris.mcp;

import io.osiris.core.Osiris;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The server as {@code osiris mcp} starts it, for tests that spawn it as a child process:
 * {@code java -cp CLASSPATH io.osiris.mcp.McpTestServer PROJECT_DIR}. Stdout carries frames only.
 */
public final class McpTestServer {
    private McpTestServer() {
    }

    public static void main(String[] args) {
        PrintStream frames = System.out;
        System.setOut(System.err);
        try (Osiris osiris = Osiris.configure().workingDirectory(Path.of(args[0])).load()) {
            OsirisMcp.serve(osiris, System.in, frames);
        }
        System.exit(0);
    }
}

package io.osiris.cli;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.core.Osiris;
import io.osiris.mcp.OsirisMcp;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code osiris mcp}: serves the project to a coding agent over the Model Context Protocol on
 * stdio ({@link OsirisMcp}). Standard output carries MCP frames only: for the life of the
 * server, {@code System.out} is pointed at standard error, so no banner, log line or stray
 * print can corrupt the stream.
 */
@Command(name = "mcp", description = {"Serve this project to a coding agent over the Model Context Protocol (stdio).",
        "The agent explores and proposes; a person approves; Osiris runs exactly what was approved."},
        footer = {"", "Examples:", "  osiris mcp", "  osiris mcp --dir ~/projects/movies",
                "", "Register it with an MCP client as the command `osiris mcp`; docs/mcp.md shows how."})
final class McpCommand implements Callable<Integer> {
    @ParentCommand
    OsirisCli root;

    @Option(names = "--dir", paramLabel = "DIR", description = "The project directory (default: the current one).")
    Path directory = Path.of("");

    @Option(names = "--http", paramLabel = "PORT", description = "Streamable HTTP on 127.0.0.1:PORT: not available"
            + " yet (stdio only).")
    Integer httpPort;

    @Override
    public Integer call() {
        if (httpPort != null) {
            // The SDK's streamable HTTP transport is a servlet: it needs a servlet container this
            // build does not ship. Refuse rather than listen on something half made.
            throw new ValidationException(List.of(new Problem("", "--http", 0, "streamable HTTP is not available yet:"
                    + " run osiris mcp on stdio (the client starts it as a command); docs/mcp.md shows how.")));
        }
        PrintStream frames = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        PrintStream out = System.out;
        System.setOut(System.err);
        try (Osiris osiris = OsirisCli.load(root, OsirisCli.configure(root, directory.toAbsolutePath().normalize()))) {
            OsirisMcp.serve(osiris, System.in, frames);
            return 0;
        } finally {
            frames.flush();
            System.setOut(out);
        }
    }
}

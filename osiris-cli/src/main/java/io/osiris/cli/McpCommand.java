package io.osiris.cli;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.core.Osiris;
import io.osiris.mcp.HttpServer;
import io.osiris.mcp.OsirisMcp;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code osiris mcp}: serves the project to a coding agent over the Model Context Protocol on
 * stdio ({@link OsirisMcp}), or with {@code --http PORT} on streamable HTTP bound to 127.0.0.1. Standard output carries MCP frames only: for the life of the
 * server, {@code System.out} is pointed at standard error, so no banner, log line or stray
 * print can corrupt the stream.
 */
@Command(name = "mcp", description = {"Serve this project to a coding agent over the Model Context Protocol (stdio,"
        + " or streamable HTTP on loopback with --http PORT).",
        "The agent explores and proposes; a person approves; Osiris runs exactly what was approved."},
        footer = {"", "Examples:", "  osiris mcp", "  osiris mcp --dir ~/projects/movies", "  osiris mcp --http 8765",
                "", "Register it with an MCP client as the command `osiris mcp`; docs/mcp.md shows how."})
final class McpCommand implements Callable<Integer> {
    @ParentCommand
    OsirisCli root;

    @Option(names = "--dir", paramLabel = "DIR", description = "The project directory (default: the current one).")
    Path directory = Path.of("");

    @Option(names = "--http", paramLabel = "PORT", description = "Serve streamable HTTP on"
            + " http://127.0.0.1:PORT/mcp (loopback only) instead of stdio, until interrupted.")
    Integer httpPort;

    @Override
    public Integer call() {
        if (httpPort != null) {
            return http(httpPort);
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

    private int http(int port) {
        if (port < 1 || port > 65_535) {
            throw new ValidationException(List.of(new Problem("", "--http", 0, "--http takes a port from 1 to 65535,"
                    + " not " + port + ".")));
        }
        try (Osiris osiris = OsirisCli.load(root, OsirisCli.configure(root, directory.toAbsolutePath().normalize()));
                HttpServer server = OsirisMcp.serveHttp(osiris, port)) {
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(stopped::countDown, "osiris-mcp-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.println("osiris mcp: serving " + server.url() + " (loopback only); Ctrl-C stops.");
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}

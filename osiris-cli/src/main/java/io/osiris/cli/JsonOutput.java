package io.osiris.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.osiris.api.ErrorKind;
import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.core.config.SecretMask;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * What {@code --json} means on every command, in one place: on success, one JSON document on
 * stdout; on failure, one JSON error object on stdout instead of nothing, while the human
 * message still goes to stderr. Every string passes through the config's secret mask.
 *
 * <p>A command that offers it declares {@code @Option(names = "--json", description = ...)},
 * prints its result with {@link #print}, and fails by throwing: an {@link OsirisException}
 * from the library, or a {@link CommandFailure} for a failure the command words itself. It
 * never prints an error object: {@link OsirisCli}'s handler does, for every command whose
 * command line holds {@code --json} ({@link #requested}), so a new command (such as
 * {@code osiris runs}) gets the error object by declaring the option and throwing. The object:
 *
 * <pre>{@code
 * {"error": {"kind": "validation", "message": "...", "exit_code": 2,
 *            "file": "p.yaml", "line": 12, "path": "extract[0].query",
 *            "problems": [{"file": "p.yaml", "line": 12, "path": "extract[0].query", "message": "..."}]}}
 * }</pre>
 *
 * {@code kind} is {@code configuration}, {@code validation}, {@code connection} or
 * {@code execution} ({@link ErrorKind}), {@code usage} for a command line picocli refused,
 * {@code cancelled} for a run stopped by a signal (Ctrl-C, exit 130), or {@code internal} for a bug; {@code exit_code} is the process's. {@code file}, {@code line} and
 * {@code path} are the first located problem's, present only when known; {@code problems} only
 * when the failure has some. A failure may add keys of its own ({@link CommandFailure#details}).
 */
final class JsonOutput {
    /** The kind of a command line picocli refused (exit 2). */
    static final String USAGE = "usage";
    /** The kind of a run stopped by a signal (exit 130). */
    static final String CANCELLED = "cancelled";
    /** The kind of an exception Osiris did not throw on purpose (exit 1). */
    static final String INTERNAL = "internal";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** Prints {@code value} as one indented JSON document on {@code out} and flushes it. */
    static void print(PrintWriter out, Object value) {
        out.println(write(value));
        out.flush();
    }

    /** {@code value} as indented JSON. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the command that ran (the last one parsed) was given {@code --json}. */
    static boolean requested(CommandLine.ParseResult parsed) {
        if (parsed == null) {
            return false;
        }
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last.hasMatchedOption("--json");
    }

    /** Whether a command line picocli could not parse asked for {@code --json} before any {@code --}. */
    static boolean requested(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /** The error object of an exception whose human {@code message} went to stderr, as {@link OsirisCli}'s handler prints it. */
    static Map<String, Object> error(Exception e, String message, int exitCode, SecretMask mask) {
        if (e instanceof OsirisException oe) {
            List<Problem> problems = e instanceof ValidationException ve ? ve.problems()
                    : e instanceof CommandFailure cf ? cf.problems() : List.of();
            Map<String, Object> details = e instanceof CommandFailure cf ? cf.details() : Map.of();
            return error(oe.kind().name().toLowerCase(Locale.ROOT), message, exitCode, problems, details, mask);
        }
        return error(INTERNAL, message, exitCode, List.of(), Map.of(), mask);
    }

    /** An error object: see the class comment. */
    static Map<String, Object> error(String kind, String message, int exitCode, List<Problem> problems,
            Map<String, Object> details, SecretMask mask) {
        return io.osiris.core.ErrorObject.of(kind, message, exitCode, problems, details, mask);
    }
}

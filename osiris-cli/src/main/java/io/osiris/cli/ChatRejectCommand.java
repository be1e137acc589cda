package io.osiris.cli;

import io.osiris.api.ValidationException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code osiris chat reject REASON --session ID}: sends the pending pipeline back to the model with
 * the reason; the model revises it in the same session and the revision waits for approval.
 */
@Command(name = "reject", description = "Send the pending pipeline back to the model with a reason; it revises it.",
        footer = {"", "Example:", "  osiris chat reject \"only movies after 2010\" --session 3f2a9c01b7d4"})
final class ChatRejectCommand implements Callable<Integer> {
    @ParentCommand
    ChatCommand chat;

    @Parameters(arity = "1..*", paramLabel = "REASON", description = "Why, in words the model can act on.")
    List<String> reason;

    @Option(names = "--session", paramLabel = "ID", description = "The session whose pipeline waits.")
    String sessionId;

    @Override
    public Integer call() {
        if (sessionId == null) {
            sessionId = chat.sessionId;
        }
        if (sessionId == null) {
            throw new ValidationException("osiris chat reject needs --session ID: the session whose pipeline waits"
                    + " (osiris sessions lists them).");
        }
        chat.sessionId = sessionId;
        chat.rejection = String.join(" ", reason);
        chat.message = null;
        return chat.call();
    }
}

package io.osiris.llm.provider;

import io.osiris.core.config.SecretMask;
import java.util.List;

/** Keeps API keys out of anything that may reach a message or a log. */
public final class Secrets {
    /** What a secret is replaced with. */
    public static final String MASK = SecretMask.MASK;

    /** Server-provided text is cut to this length: enough to say what failed, not a whole page. */
    private static final int MAX_DETAIL = 300;

    private Secrets() {
    }

    /**
     * The text with every occurrence of the secret masked and cut to a readable length. A server may
     * echo the key (a proxy's error page, a debugging gateway), so anything it says goes through here.
     */
    public static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        String clean = SecretMask.of(secret == null ? List.of() : List.of(secret)).apply(text);
        clean = clean.replaceAll("\\s+", " ").strip();
        return clean.length() <= MAX_DETAIL ? clean : clean.substring(0, MAX_DETAIL) + "...";
    }
}

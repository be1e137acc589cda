package io.osiris.llm.agent;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The last line of defence for secrets: replaces every known secret value (connection passwords,
 * the API key) in text bound for the model, the session store or the screen. Tools never read
 * connection settings in the first place; this catches a secret echoed back in a database error.
 */
final class Redactor {
    static final String MASK = "****";
    /** Shorter values would mask ordinary words ("root", "1"); such values are no secret worth the name. */
    private static final int MIN_LENGTH = 6;

    private final List<String> secrets;

    Redactor(Collection<String> secrets) {
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    String apply(String text) {
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}

package io.osiris.llm.agent;

import io.osiris.core.config.SecretMask;
import java.util.Collection;

/**
 * The last line of defence for secrets: the one {@link SecretMask} rule over every known secret
 * value (connection passwords, the API key) and every URL credential, in text bound for the
 * model, the session store or the screen. Tools never read connection settings in the first
 * place; this catches a secret echoed back in a database error.
 */
final class Redactor {
    private final SecretMask mask;

    Redactor(Collection<String> secrets) {
        this.mask = SecretMask.of(secrets);
    }

    String apply(String text) {
        return mask.apply(text);
    }
}

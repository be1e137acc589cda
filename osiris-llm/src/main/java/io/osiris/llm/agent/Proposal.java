package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A valid pipeline the model proposed, saved and waiting for a person's approval. Approval runs
 * exactly {@link #yaml()}, the text the person was shown, which {@link #sha256()} fingerprints.
 *
 * @param name     the pipeline name
 * @param summary  the model's summary for the person
 * @param yaml     the pipeline as shown and saved
 * @param file     where it was saved ({@code output/NAME.yaml}), relative to the working directory when inside it
 * @param previews what each extract reads
 * @param sha256   the SHA-256 of {@code yaml} as UTF-8, in lower-case hex
 * @param evidence what the person needs to judge it (output preview, counts, types, writes, findings, cost);
 *                 {@link Evidence#NONE} for a proposal stored before evidence existed
 */
public record Proposal(String name, String summary, String yaml, String file, List<StepPreview> previews,
        String sha256, Evidence evidence) {
    public Proposal {
        requireNonNull(name, "name");
        requireNonNull(summary, "summary");
        requireNonNull(yaml, "yaml");
        requireNonNull(file, "file");
        previews = List.copyOf(previews);
        requireNonNull(sha256, "sha256");
        if (!sha256.equals(sha256Of(yaml))) {
            throw new IllegalArgumentException("the proposal's sha256 does not match its yaml: it was altered");
        }
        requireNonNull(evidence, "evidence");
    }

    /** A proposal without evidence. */
    public Proposal(String name, String summary, String yaml, String file, List<StepPreview> previews,
            String sha256) {
        this(name, summary, yaml, file, previews, sha256, Evidence.NONE);
    }

    /** A proposal fingerprinted from its YAML. */
    public Proposal(String name, String summary, String yaml, String file, List<StepPreview> previews) {
        this(name, summary, yaml, file, previews, sha256Of(yaml));
    }

    /** This proposal with other evidence; the YAML and its fingerprint stay. */
    public Proposal withEvidence(Evidence value) {
        return new Proposal(name, summary, yaml, file, previews, sha256, value);
    }

    /** The SHA-256 of a text as UTF-8, in lower-case hex. */
    public static String sha256Of(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

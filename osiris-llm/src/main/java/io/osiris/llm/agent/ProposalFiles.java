package io.osiris.llm.agent;

import io.osiris.api.ExecutionFailedException;
import io.osiris.core.config.TextFiles;
import io.osiris.core.write.FileMoves;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** Where {@link PipelineProposals} saves a valid proposal, and how it never overwrites another's file. */
final class ProposalFiles {
    private static final int MAX_NAME_SUFFIX = 100;

    private final Path outputDirectory;
    private final Path workingDirectory;
    /** The session proposals are made in, whose own unchanged files may be replaced; null for none. */
    private final AgentSession session;

    ProposalFiles(Path outputDirectory, Path workingDirectory, AgentSession session) {
        this.outputDirectory = outputDirectory;
        this.workingDirectory = workingDirectory;
        this.session = session;
    }

    /**
     * Saves a proposal as {@code NAME.yaml}, or {@code NAME-2.yaml} and so on: a file is replaced
     * only when this session saved it and nobody has changed it since, so two sessions proposing
     * the same name, or a person's own file, are never overwritten. The text is written beside
     * the target and linked into place, so a reader never sees half a pipeline and a file that
     * appears meanwhile is not replaced.
     *
     * @return where it was saved, relative to the working directory when inside it
     */
    String save(String name, String text, String sha256) {
        return shown(place(name, text, sha256));
    }


    /** Saves under the first free (or own, unchanged) name. */
    private Path place(String name, String text, String sha256) {
        Map<String, String> own = session == null ? Map.of() : session.savedFiles();
        try {
            Files.createDirectories(outputDirectory);
            for (int n = 1; n <= MAX_NAME_SUFFIX; n++) {
                Path file = outputDirectory.resolve(n == 1 ? name + ".yaml" : name + "-" + n + ".yaml");
                boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
                if (exists && !unchangedSinceSaved(file, own.get(shown(file)))) {
                    continue;
                }
                if (put(file, text, exists)) {
                    return file;
                }
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot save the proposed pipeline in " + outputDirectory + ": "
                    + e.getMessage(), e);
        }
        throw new ExecutionFailedException("Cannot save the proposed pipeline: " + outputDirectory.resolve(name)
                + ".yaml and " + (MAX_NAME_SUFFIX - 1) + " numbered names beside it are taken. Remove old proposals.");
    }

    private static boolean unchangedSinceSaved(Path file, String savedSha256) throws IOException {
        if (savedSha256 == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || Files.size(file) > TextFiles.MAX_BYTES) {
            return false;
        }
        return savedSha256.equals(Proposal.sha256Of(Files.readString(file, StandardCharsets.UTF_8)));
    }

    /** Puts the text in place; false when another writer created the file first. */
    private boolean put(Path file, String text, boolean replace) throws IOException {
        Path temp = Files.createTempFile(outputDirectory, "." + file.getFileName() + "-", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            if (replace) {
                FileMoves.replace(temp, file);
                return true;
            }
            try {
                Files.createLink(file, temp); // fails, atomically, when the name is taken
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                Files.move(temp, file);
            }
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private String shown(Path file) {
        return file.startsWith(workingDirectory) ? workingDirectory.relativize(file).toString() : file.toString();
    }
}

package io.osiris.core.write;

import io.osiris.api.pipeline.LoadStep;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * File load paths that are file system URIs ({@code hdfs://namenode/out/x.parquet},
 * {@code s3a://bucket/x.csv}, {@code file:///data/x.json}) rather than local paths. Such a path
 * is never resolved against the project: only an engine that writes URIs writes it, and only where
 * {@code output.allow_outside} names a URI prefix of it.
 */
public final class FileUris {
    /**
     * A scheme of two characters or more and a colon: what a URI starts with and a local path
     * does not (a Windows drive letter is one character). Matched before anything resolves the
     * path, so {@code hdfs://nn/x} never becomes {@code <project>/hdfs:/nn/x}.
     */
    private static final Pattern SCHEME = Pattern.compile("(?s)[A-Za-z][A-Za-z0-9+.-]+:.*");

    private FileUris() {
    }

    /** Whether a load's path names a URI (a scheme and a colon), well formed or not. */
    public static boolean isUri(String path) {
        return SCHEME.matcher(path).matches();
    }

    /**
     * The URI a path names, with {@code .} and {@code ..} folded: hierarchical, with an absolute
     * path that names a file below the root, no query and no fragment; empty when it is not one.
     */
    public static Optional<URI> parse(String path) {
        if (!isUri(path)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(path).normalize();
            String p = uri.getPath();
            if (uri.isOpaque() || p == null || !p.startsWith("/") || p.endsWith("/") || p.equals("/")
                    || p.startsWith("/..") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code target} lies under {@code prefix}: the same scheme and authority, and the
     * prefix's path is the target's or one of its directories (a {@code /} boundary, so
     * {@code s3a://b/out} does not allow {@code s3a://b/outside.csv}).
     */
    public static boolean within(URI target, URI prefix) {
        if (!lower(target.getScheme()).equals(lower(prefix.getScheme()))
                || !lower(target.getRawAuthority()).equals(lower(prefix.getRawAuthority()))) {
            return false;
        }
        String base = Objects.requireNonNullElse(prefix.getPath(), "");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = Objects.requireNonNullElse(target.getPath(), "");
        return path.equals(base) || path.startsWith(base + "/");
    }

    /** A file beside {@code file}, in the same directory of the same file system. */
    public static URI sibling(URI file, String name) {
        String path = file.getPath();
        return withPath(file, path.substring(0, path.lastIndexOf('/') + 1) + name);
    }

    /**
     * The part a run writes for {@code load} with mode {@code append} whose path is {@code file}:
     * the same layout as a local path's ({@link FileParts}), a directory named after the file
     * without its extension.
     */
    public static URI part(LoadStep load, URI file, Instant now, String runTag) {
        String path = file.getPath();
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot + 1) : load.to();
        return withPath(file, path.substring(0, slash + 1) + base + "/" + FileParts.partName(extension, now, runTag));
    }

    /** The directory {@link #part} writes into, shown to a person approving the pipeline. */
    public static URI partsDirectory(URI file) {
        String path = file.getPath();
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        return withPath(file, path.substring(0, slash + 1) + (dot > 0 ? name.substring(0, dot) : name) + "/");
    }

    private static URI withPath(URI uri, String path) {
        try {
            // file:///x keeps its empty authority, so a part is spelled like the path it came from.
            String authority = uri.getAuthority() == null && uri.getRawSchemeSpecificPart().startsWith("//") ? ""
                    : uri.getAuthority();
            return new URI(uri.getScheme(), authority, path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a file URI: " + uri, e);
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}

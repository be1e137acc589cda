package io.osiris.core.engine;

/**
 * Opens the transform engine for one run, confined to what that run declares. The runner
 * opens one per run and closes it when the run ends; DuckDB's is
 * {@code DuckDbTransformEngine.factory(...)}.
 */
@FunctionalInterface
public interface EngineFactory {

    /** A fresh engine that opens no file outside {@code sandbox} and its own temporary files. */
    TransformEngine open(Sandbox sandbox);
}

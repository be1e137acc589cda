package io.osiris.core.engine;

/**
 * A faster path a {@link TransformEngine} may offer beside its basic operations, found with
 * {@link TransformEngine#capability}. The run plan takes one only where the engine offers it;
 * an engine with none runs every pipeline through the basic operations.
 */
public interface EngineCapability {
}

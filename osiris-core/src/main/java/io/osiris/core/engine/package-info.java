/**
 * The transform engine seam: {@link io.osiris.core.engine.TransformEngine}'s few operations
 * every engine implements, the optional {@linkplain io.osiris.core.engine.EngineCapability
 * capabilities} an engine may offer besides, and the {@link io.osiris.core.engine.Sandbox} it
 * runs in. DuckDB ({@code io.osiris.core.duckdb}) is the embedded implementation.
 */
package io.osiris.core.engine;

/**
 * The pipeline model of the {@code osiris-pipeline-v2} format: a {@link io.osiris.api.pipeline.Pipeline}
 * of {@link io.osiris.api.pipeline.ExtractStep}s, {@link io.osiris.api.pipeline.TransformStep}s and
 * {@link io.osiris.api.pipeline.LoadStep}s. Values only: parsing, validation and running live in
 * {@code osiris-core}.
 */
package io.osiris.api.pipeline;

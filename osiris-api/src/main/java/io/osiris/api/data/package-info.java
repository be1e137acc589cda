/** Portable types, schemas and the constant-memory {@link io.osiris.api.data.RowStream}. */
package io.osiris.api.data;

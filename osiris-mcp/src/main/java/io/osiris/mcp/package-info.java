/** The Model Context Protocol server behind {@code osiris mcp}. */
package io.osiris.mcp;

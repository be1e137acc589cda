/**
 * {@code osiris mcp}: a Model Context Protocol server over the official MCP Java SDK. A coding
 * agent explores the project's sources and proposes pipelines with the chat agent's own tools
 * (same privacy, PII, timeout and SQL safety rules); a person approves, through an MCP
 * elicitation shown by the client or {@code osiris chat approve} at a terminal; Osiris runs
 * exactly what was approved. No tool approves. Entry point: {@link io.osiris.mcp.OsirisMcp}.
 */
package io.osiris.mcp;

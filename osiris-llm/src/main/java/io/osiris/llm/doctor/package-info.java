/** {@code osiris llm doctor}: whether each configured model takes its key, calls tools, and how fast. */
package io.osiris.llm.doctor;

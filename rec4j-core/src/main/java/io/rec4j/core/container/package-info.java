/**
 * The rec4j container format: the single versioned, checksummed file format of every rec4j file (magic, format
 * version, method id, typed header fields, payload, CRC32C). See {@link io.rec4j.core.container.Container} for the
 * byte layout and {@code docs/container-format.md} for the specification.
 *
 * <p>Parsing bad input throws only {@link io.rec4j.core.container.ContainerFormatException} and its subclasses, and
 * never allocates more than the input justifies.
 */
package io.rec4j.core.container;

/**
 * The safetensors file format (read strictly, written canonically) and the small JSON reader and writer under it,
 * shared by the codecs that exchange weights with other tools (MIRACLE's export, bits-back's model directories).
 */
package io.rec4j.codec.safetensors;

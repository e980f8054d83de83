/**
 * Chooses a training engine: {@link io.rec4j.nn.engine.TrainingEngine} opens an {@link io.rec4j.nn.InrPosterior}
 * on the DJL engine or the fused pure-Java engine. The only package that depends on both implementations.
 */
package io.rec4j.nn.engine;

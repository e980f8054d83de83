/**
 * The fused training engine: a hand-written float32 forward and backward pass of the local-reparameterised β-ELBO
 * of a variational SIREN, with Adam, in pure Java and split over worker threads by pixel chunks
 * ({@link io.rec4j.nn.fused.FusedInrPosterior}). No native code. Its gradients are tested against finite differences
 * and against the DJL engine's autograd. Training is not required to be bit-reproducible.
 */
package io.rec4j.nn.fused;

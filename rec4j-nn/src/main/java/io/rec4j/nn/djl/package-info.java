/**
 * The DJL training engine: a variational SIREN on DJL's PyTorch CPU engine with autograd
 * ({@link io.rec4j.nn.djl.VariationalSiren}), the β-ELBO ({@link io.rec4j.nn.djl.BetaElbo}), an Adam trainer with
 * PyTorch's defaults ({@link io.rec4j.nn.djl.PosteriorTrainer}) and the {@link io.rec4j.nn.InrPosterior} over them
 * ({@link io.rec4j.nn.djl.DjlInrPosterior}). It is the reference the fused engine is tested against.
 */
package io.rec4j.nn.djl;

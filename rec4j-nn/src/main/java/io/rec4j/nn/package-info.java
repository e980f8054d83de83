/**
 * The training engines' interface: {@link io.rec4j.nn.InrPosterior}, a factorised Gaussian posterior over the
 * weights of a SIREN trained on one signal by Adam on the β-ELBO with local reparameterisation (Kingma, Salimans
 * &amp; Welling, NeurIPS 2015, arXiv 1506.02557), and COMBINER's initialisation and untrained prior
 * ({@link io.rec4j.nn.SirenInit}). Implementations: {@code io.rec4j.nn.djl} (DJL + PyTorch autograd) and
 * {@code io.rec4j.nn.fused} (hand-fused pure Java); {@code io.rec4j.nn.engine.TrainingEngine} picks one. This
 * package depends on neither, so the engines form no package cycle.
 */
package io.rec4j.nn;
